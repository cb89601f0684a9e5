/** Describes the machine a benchmark ran on, for bench/results/*.json. */
import os from 'node:os';

/** CPU model, core count, memory and Node version. */
export function machineInfo(): Record<string, unknown> {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    date: new Date().toISOString(),
  };
}
