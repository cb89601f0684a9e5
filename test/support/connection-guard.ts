/**
 * A guard for the SSRF tests: watches every socket this test process opens, records where it
 * connects (after any lookup), and refuses, before a packet is sent, any address that is not
 * loopback. So a test of "collect refuses 169.254.169.254" can assert that no connection was
 * even attempted, and a bug can never send traffic off this machine.
 */
import type { LookupAddress } from 'node:dns';
import dns from 'node:dns';
import net from 'node:net';
import { vi } from 'vitest';

export interface ConnectionGuard {
  /** Every address a socket tried to reach, "address:port". */
  attempts: string[];
  /** Attempts at an address that is not loopback (refused by the guard). */
  blocked: string[];
  reset(): void;
  restore(): void;
}

const loopback = new net.BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');
const isLoopback = (ip: string) => loopback.check(ip, net.isIPv6(ip) ? 'ipv6' : 'ipv4');

/** Installs the guard on net.Socket.prototype.connect (restore() removes it). */
export function guardConnections(): ConnectionGuard {
  const original = net.Socket.prototype.connect;
  const guard: ConnectionGuard = {
    attempts: [],
    blocked: [],
    reset: () => {
      guard.attempts.length = 0;
      guard.blocked.length = 0;
    },
    restore: () => spy.mockRestore(),
  };
  const check = (address: string, port: unknown) => {
    guard.attempts.push(`${address}:${port}`);
    if (!isLoopback(address)) {
      guard.blocked.push(`${address}:${port}`);
      return new Error(`connection guard: ${address}:${port} is not loopback; a test must never reach it`);
    }
    return null;
  };
  const spy = vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (this: net.Socket, ...args: unknown[]) {
    // net.createConnection passes its normalised [options, callback] array as the only argument.
    const options = (Array.isArray(args[0]) ? args[0][0] : args[0]) as net.TcpNetConnectOpts & { path?: string } | undefined;
    if (options && typeof options === 'object' && options.port !== undefined && !options.path) {
      const host = options.host ?? 'localhost';
      if (net.isIP(host)) {
        const err = check(host, options.port);
        if (err) throw err;
      } else {
        // A name: check what its lookup answers, which is what the socket will connect to.
        const lookup = options.lookup ?? (dns.lookup as unknown as net.LookupFunction);
        options.lookup = (hostname, opts, callback) => lookup(hostname, opts, (err, address, family) => {
          if (err) return callback(err, address, family);
          const list: LookupAddress[] = Array.isArray(address) ? address : [{ address, family: family ?? 4 }];
          for (const a of list) {
            const refused = check(a.address, options.port);
            if (refused) return callback(refused, address, family);
          }
          callback(null, address, family);
        });
      }
    }
    return original.apply(this, args as Parameters<typeof original>);
  });
  return guard;
}
