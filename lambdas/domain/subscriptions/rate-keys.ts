/**
 * What rate limits count: the mailbox behind an address (folded as mailbox.ts says: plus-tags,
 * Gmail's dots, Fastmail subdomains, Yahoo's `-` keywords), so 60 variants of one inbox are
 * one inbox; and the client's network (an IPv4 address, or the /64 of an IPv6 address, which
 * one client usually holds whole), so walking a /64 does not walk around the limit.
 */
import { foldMailbox } from './mailbox.ts';

/** The mailbox an address delivers to, for counting. */
export function mailboxKey(email: string): string {
  return foldMailbox(email).key;
}

/** Expands an IPv6 address to its eight 16-bit groups, or null when it is not one. */
function ipv6Groups(ip: string): number[] | null {
  let s = ip.replace(/%.*$/, '');
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const o = v4[1].split('.').map(Number);
    s = s.slice(0, -v4[1].length) + `${((o[0] << 8) | o[1]).toString(16)}:${((o[2] << 8) | o[3]).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const groups = [...head, ...Array(Math.max(0, fill)).fill('0'), ...tail];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
  return groups.map((g) => parseInt(g, 16));
}

/** The network a client address counts as: IPv4 itself (also when IPv4-mapped), or the IPv6 /64. */
export function networkKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return ip;
  const g = ipv6Groups(ip);
  if (!g) return ip;
  return `${g.slice(0, 4).map((x) => x.toString(16)).join(':')}::/64`;
}
