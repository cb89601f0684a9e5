// The Lambda harness's stand-in for the Node.js 22 runtime: loads the function's bundle from
// LAMBDA_TASK_ROOT by its _HANDLER ("index.handler"), then runs one invocation per message
// from the parent (IPC), as a warm Lambda instance does. It reports the load time (cold
// start), each result or error, and nothing else. CommonJS, like the runtime's own loader.
'use strict';
const path = require('node:path');

const root = process.env.LAMBDA_TASK_ROOT;
const [file, exported] = process.env._HANDLER.split('.');
let handler = null;

// Simulated time: the harness skips the waits (a visibility timeout) and tells each invocation
// how far ahead its clock runs, so leases and expiries behave as after the real wait.
const RealDate = Date;
let skew = 0;
class HarnessDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + skew);
    else super(...args);
  }
  static now() {
    return RealDate.now() + skew;
  }
}
globalThis.Date = HarnessDate;
let loadMs = null;

function load() {
  if (handler) return handler;
  const t0 = process.hrtime.bigint();
  const mod = require(path.join(root, `${file}.js`));
  loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
  handler = mod[exported];
  if (typeof handler !== 'function') throw new Error(`${process.env._HANDLER} is not a function in ${root}`);
  return handler;
}

process.on('message', async (msg) => {
  if (!msg || msg.type !== 'invoke') return;
  skew = msg.skewMs || 0;
  const deadline = Date.now() + msg.timeoutMs;
  const context = {
    awsRequestId: msg.id,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: '$LATEST',
    invokedFunctionArn: msg.arn,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: `/aws/lambda/${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
    logStreamName: 'harness',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const fn = load();
    const result = await fn(msg.event, context);
    process.send({ type: 'result', id: msg.id, result: result === undefined ? null : result, loadMs });
  } catch (err) {
    process.send({ type: 'error', id: msg.id, error: { name: err && err.name, message: String(err && err.message), stack: String(err && err.stack).split('\n').slice(0, 6).join('\n') }, loadMs });
  }
});
process.send({ type: 'ready' });
