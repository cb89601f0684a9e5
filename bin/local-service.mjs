#!/usr/bin/env node
// One local stand-in for AWS in its own process (started by `npm start` and the benchmarks):
// `node bin/local-service.mjs dynalite|ses PORT [DATA_DIR] [--envelopes-only]`. Binds 127.0.0.1, prints
// "ready PORT" once listening, and exits when its parent closes stdin (so it never outlives
// the stack) or on SIGTERM/SIGINT.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const envelopesOnly = args.includes('--envelopes-only');
const [kind, portArg, dataDir] = args.filter((a) => a !== '--envelopes-only');
const port = Number(portArg ?? 0);

function fail(message) {
  process.stderr.write(`error: ${message}\n`);
  process.exit(2);
}

let server;
if (kind === 'dynalite') {
  const dynalite = require('dynalite');
  server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(dataDir ? { path: dataDir } : {}) });
  server.on('error', (e) => fail(e.code === 'EADDRINUSE' ? `port ${port} is in use` : e.message));
  server.listen(port, '127.0.0.1', () => process.stdout.write(`ready ${server.address().port}\n`));
} else if (kind === 'ses') {
  const http = require('node:http');
  const listen = http.Server.prototype.listen;
  // The emulator's own start never reports a bind error: watch the server it creates.
  http.Server.prototype.listen = function (...args) {
    this.once('error', (e) => fail(e.code === 'EADDRINUSE' ? `port ${port} is in use` : e.message));
    return listen.apply(this, args);
  };
  // --envelopes-only (load benchmarks): every message is still parsed as it arrives, but
  // only its envelope is kept (who, when, subject), so 100,000 fit in memory.
  if (envelopesOnly) {
    const store = require('aws-ses-v2-local/dist/store.js');
    const save = store.saveEmail;
    store.saveEmail = (email) => save({ ...email, body: {}, attachments: [] });
  }
  const mod = require('aws-ses-v2-local');
  server = await mod.default({ host: '127.0.0.1', port });
  process.stdout.write(`ready ${server.address().port}\n`);
} else fail(`unknown service '${kind}' (dynalite or ses)`);

const stop = () => {
  server?.closeAllConnections?.();
  server?.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
