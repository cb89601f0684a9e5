/**
 * One function of the synthesized template, run as Lambda runs it: its asset copied to a task
 * root (as Lambda unpacks /var/task), its environment, the Node 22 binary, and instances that
 * stay warm between invocations. An instance can be killed mid-invocation to play a crash;
 * the caller then sees a failed invocation, as the event source would.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface FunctionSpec {
  logicalId: string;
  taskRoot: string;
  handler: string;
  timeoutSeconds: number;
  memoryMb: number;
  reservedConcurrency: number | null;
  env: Record<string, string>;
}

/** One invocation, for the harness's report. */
export interface Invocation {
  source: string;
  ok: boolean;
  result: unknown;
  error?: string;
  cold: boolean;
  loadMs: number | null;
}

type Outcome = { ok: true; result: unknown; loadMs: number | null } | { ok: false; error: string; loadMs: number | null };

interface Instance {
  child: ChildProcess;
  busy: boolean;
  invocations: number;
  pending: Map<string, (o: Outcome) => void>;
}

const RUNTIME = fileURLToPath(new URL('./runtime-child.cjs', import.meta.url));

export class LambdaFunction {
  readonly invocations: Invocation[] = [];
  private readonly instances: Instance[] = [];
  /** How far the simulated clock runs ahead of the real one (the harness's SQS stand-in sets it). */
  skewMs: () => number = () => 0;
  /** Set by a test: called with the instance's process once an invocation starts (to kill it mid-batch). */
  onInvoke: ((child: ChildProcess) => void) | null = null;
  /** The last lines the instances wrote (stdout and stderr: Lambda sends both to CloudWatch Logs). */
  logs = '';

  constructor(readonly spec: FunctionSpec, private readonly node: string, private readonly baseEnv: Record<string, string>) {}

  private async instance(): Promise<Instance> {
    // An instance serves one invocation at a time (taken here, before any await, so concurrent
    // invocations never share one), as Lambda's do.
    const idle = this.instances.find((i) => !i.busy && i.child.exitCode === null && !i.child.killed);
    if (idle) {
      idle.busy = true;
      return idle;
    }
    const child = fork(RUNTIME, [], {
      execPath: this.node,
      cwd: this.spec.taskRoot,
      env: { ...this.baseEnv, ...this.spec.env, LAMBDA_TASK_ROOT: this.spec.taskRoot, _HANDLER: this.spec.handler, AWS_LAMBDA_FUNCTION_NAME: this.spec.logicalId, AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(this.spec.memoryMb) },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const log = (d: Buffer) => (this.logs = (this.logs + d.toString()).slice(-20_000));
    child.stdout!.on('data', log);
    child.stderr!.on('data', log);
    const inst: Instance = { child, busy: true, invocations: 0, pending: new Map() };
    child.on('message', (m: { type: string; id?: string; result?: unknown; error?: { message: string; stack: string }; loadMs?: number | null }) => {
      if (m.type === 'ready' || !m.id) return;
      const settle = inst.pending.get(m.id);
      inst.pending.delete(m.id);
      settle?.(m.type === 'result' ? { ok: true, result: m.result, loadMs: m.loadMs ?? null } : { ok: false, error: m.error?.stack ?? 'error', loadMs: m.loadMs ?? null });
    });
    child.on('exit', (code, signal) => {
      for (const settle of inst.pending.values()) settle({ ok: false, error: `the instance exited (${signal ?? code}) mid-invocation`, loadMs: null });
      inst.pending.clear();
    });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`${this.spec.logicalId}: the runtime exited (${code}) before it was ready: ${this.logs.slice(-2000)}`)));
    });
    this.instances.push(inst);
    return inst;
  }

  /** Invokes the handler with an event; `source` names the trigger in the report. */
  async invoke(event: unknown, source: string): Promise<Outcome> {
    const inst = await this.instance();
    const cold = inst.invocations++ === 0;
    const id = randomUUID();
    const outcome = new Promise<Outcome>((resolve) => inst.pending.set(id, resolve));
    inst.child.send({ type: 'invoke', id, event, skewMs: this.skewMs(), timeoutMs: this.spec.timeoutSeconds * 1000, arn: `arn:aws:lambda:eu-west-2:000000000000:function:${this.spec.logicalId}` });
    this.onInvoke?.(inst.child);
    const o = await outcome;
    inst.busy = false;
    this.invocations.push({ source, ok: o.ok, result: o.ok ? o.result : null, ...(o.ok ? {} : { error: o.error }), cold, loadMs: o.loadMs });
    return o;
  }

  /** Changes the function's environment, as a configuration update does: running instances are retired, the next invocation starts cold. */
  async updateEnvironment(vars: Record<string, string>): Promise<void> {
    await this.stop();
    this.instances.length = 0;
    Object.assign(this.spec.env, vars);
  }

  /** Stops every instance. */
  async stop(): Promise<void> {
    await Promise.all(this.instances.map((i) => new Promise<void>((resolve) => {
      if (i.child.exitCode !== null || i.child.signalCode !== null) return resolve();
      i.child.once('exit', () => resolve());
      i.child.kill('SIGKILL');
    })));
  }
}
