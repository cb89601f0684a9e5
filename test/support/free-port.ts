/**
 * Free TCP ports on 127.0.0.1 (for servers whose own URL must be known before they start).
 * The probes stay bound until all are chosen, so one call never returns the same port twice.
 */
import net from 'node:net';

/** `n` distinct free ports. */
export async function freePorts(n: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = net.createServer();
      servers.push(s);
      ports.push(
        await new Promise<number>((resolve, reject) => {
          s.once('error', reject);
          s.listen(0, '127.0.0.1', () => resolve((s.address() as net.AddressInfo).port));
        }),
      );
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
}

/** One free port. */
export async function freePort(): Promise<number> {
  return (await freePorts(1))[0];
}
