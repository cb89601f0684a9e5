/**
 * Destination policy of the collector (SSRF): which IP addresses collect may connect to.
 * Classifies an address (IPv4 or IPv6, including IPv4-mapped, IPv4-compatible, NAT64 and
 * 6to4 spellings of an IPv4 address) as loopback, private, link-local, unspecified,
 * multicast or reserved, and says whether a policy lets it through, and if not, why.
 * Pure: no DNS, no sockets; the fetch adapter resolves names and asks this rule about
 * every address it would connect to.
 */
import { isIP } from 'node:net';

/** Kinds of address that are not the public internet. */
export type AddressKind = 'loopback' | 'private' | 'link-local' | 'unspecified' | 'multicast' | 'reserved';
export const ADDRESS_KINDS: readonly AddressKind[] = Object.freeze(['loopback', 'private', 'link-local', 'unspecified', 'multicast', 'reserved']);

export interface DestinationPolicy {
  /** Kinds of non-public address that may be fetched, whatever their spelling (::ffff:127.0.0.1 is loopback). */
  readonly allowKinds: readonly AddressKind[];
  /**
   * Ranges that may be fetched whatever their kind ("10.1.0.0/16", "fd12::/16", or one address).
   * An entry matches addresses written in its own family only: 10.0.0.0/8 does not open
   * ::ffff:10.0.0.5 (list ::ffff:10.0.0.0/104 too if a resolver ever answers that).
   */
  readonly allowCidrs: readonly string[];
  /** Endpoints refused even when their range is allowed: the Lambda runtime API (AWS_LAMBDA_RUNTIME_API). */
  readonly deniedEndpoints: readonly { readonly address: string; readonly port: number; readonly name: string }[];
}

/** On AWS: only public addresses. */
export const STRICT_DESTINATIONS: DestinationPolicy = Object.freeze({ allowKinds: Object.freeze([]), allowCidrs: Object.freeze([]), deniedEndpoints: Object.freeze([]) });
/** On one machine: loopback (the local stack and the tests serve feeds there) and private ranges (a LAN). */
export const LOCAL_DESTINATIONS: DestinationPolicy = Object.freeze({ allowKinds: Object.freeze(['loopback', 'private'] as AddressKind[]), allowCidrs: Object.freeze([]), deniedEndpoints: Object.freeze([]) });

export interface AddressClass {
  kind: AddressKind;
  /** The range that matched, e.g. "169.254.0.0/16". */
  range: string;
  /** What lives there, when it is well known ("the cloud metadata service"). */
  note: string | null;
  /** The IPv4 address an IPv6 spelling carries (::ffff:127.0.0.1 -> 127.0.0.1), when that decided. */
  via: string | null;
}

interface Range { bytes: number[]; bits: number; text: string; kind: AddressKind; note?: string }

function range(text: string, kind: AddressKind, note?: string): Range {
  const [addr, bits] = text.split('/');
  return { bytes: bytesOf(addr)!, bits: Number(bits), text, kind, note };
}

// Most specific first: the first match names the address.
const V4: Range[] = [
  range('169.254.169.254/32', 'link-local', 'the cloud metadata service'),
  range('169.254.170.2/32', 'link-local', 'the container metadata service'),
  range('0.0.0.0/8', 'unspecified'),
  range('10.0.0.0/8', 'private'),
  range('100.64.0.0/10', 'private', 'carrier-grade NAT'),
  range('127.0.0.0/8', 'loopback'),
  range('169.254.0.0/16', 'link-local'),
  range('172.16.0.0/12', 'private'),
  range('192.0.0.0/24', 'reserved', 'IETF protocol assignments'),
  range('192.0.2.0/24', 'reserved', 'documentation'),
  range('192.88.99.0/24', 'reserved', '6to4 relay'),
  range('192.168.0.0/16', 'private'),
  range('198.18.0.0/15', 'reserved', 'benchmarking'),
  range('198.51.100.0/24', 'reserved', 'documentation'),
  range('203.0.113.0/24', 'reserved', 'documentation'),
  range('224.0.0.0/4', 'multicast'),
  range('240.0.0.0/4', 'reserved', 'future use and broadcast'),
];

const V6: Range[] = [
  range('::/128', 'unspecified'),
  range('::1/128', 'loopback'),
  range('fd00:ec2::254/128', 'private', 'the cloud metadata service'),
  range('64:ff9b:1::/48', 'private', 'local-use NAT64'),
  range('100::/64', 'reserved', 'discard-only'),
  range('2001::/32', 'reserved', 'Teredo tunnelling'),
  range('2001:db8::/32', 'reserved', 'documentation'),
  range('fc00::/7', 'private', 'unique local'),
  range('fe80::/10', 'link-local'),
  range('fec0::/10', 'private', 'site-local, deprecated'),
  range('ff00::/8', 'multicast'),
];

/** IPv6 prefixes that carry an IPv4 address, and where. */
const EMBEDDING: { prefix: Range; at: number; name: string }[] = [
  { prefix: range('::ffff:0:0/96', 'reserved'), at: 12, name: 'IPv4-mapped IPv6' },
  { prefix: range('64:ff9b::/96', 'reserved'), at: 12, name: 'NAT64' },
  { prefix: range('2002::/16', 'reserved'), at: 2, name: '6to4' },
  { prefix: range('::/96', 'reserved', 'IPv4-compatible IPv6, deprecated'), at: 12, name: 'IPv4-compatible IPv6' },
];

const GLOBAL_UNICAST = range('2000::/3', 'reserved');

/** The 4 or 16 bytes of an address, or null when it is not one (a zone "%eth0" is ignored). */
export function bytesOf(ip: string): number[] | null {
  const bare = ip.replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return bare.split('.').map(Number);
  if (family !== 6) return null;
  let text = bare.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const b = dotted[1].split('.').map(Number);
    text = `${text.slice(0, dotted.index)}${((b[0] << 8) | b[1]).toString(16)}:${((b[2] << 8) | b[3]).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null];
  const groups = (s: string) => (s ? s.split(':') : []);
  const h = groups(head);
  const t = tail === null ? [] : groups(tail);
  const all = tail === null ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return all.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

function inRange(bytes: number[], r: Range): boolean {
  if (bytes.length !== r.bytes.length) return false;
  for (let bit = 0; bit < r.bits; bit += 8) {
    const take = Math.min(8, r.bits - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    if ((bytes[bit / 8] & mask) !== (r.bytes[bit / 8] & mask)) return false;
  }
  return true;
}

function classify4(bytes: number[]): Range | null {
  return V4.find((r) => inRange(bytes, r)) ?? null;
}

/** The IPv4 address an IPv6 spelling carries, with the spelling's name, or null. */
function embeddedV4(bytes: number[]): { v4: number[]; name: string; prefix: Range } | null {
  if (bytes.length !== 16) return null;
  for (const e of EMBEDDING) {
    if (!inRange(bytes, e.prefix)) continue;
    // ::/96 also holds :: and ::1, which are IPv6's own, not IPv4-compatible.
    if (e.at === 12 && e.prefix.text === '::/96' && bytes.slice(12, 14).every((b) => b === 0)) return null;
    return { v4: bytes.slice(e.at, e.at + 4), name: e.name, prefix: e.prefix };
  }
  return null;
}

/**
 * What kind of non-public address this is.
 * @returns null for a public address (and for a string that is not an address)
 */
export function classifyAddress(ip: string): AddressClass | null {
  const bytes = bytesOf(ip);
  if (!bytes) return null;
  if (bytes.length === 4) {
    const r = classify4(bytes);
    return r ? { kind: r.kind, range: r.text, note: r.note ?? null, via: null } : null;
  }
  const own = V6.find((r) => inRange(bytes, r));
  if (own) return { kind: own.kind, range: own.text, note: own.note ?? null, via: null };
  const embedded = embeddedV4(bytes);
  if (embedded) {
    const v4 = embedded.v4.join('.');
    const r = classify4(embedded.v4);
    if (r) return { kind: r.kind, range: r.text, note: [r.note, `as ${embedded.name}`].filter(Boolean).join(', '), via: v4 };
    // A public IPv4 address in the deprecated IPv4-compatible form is still no destination.
    if (embedded.prefix.note) return { kind: 'reserved', range: embedded.prefix.text, note: embedded.prefix.note, via: v4 };
    return null;
  }
  if (!inRange(bytes, GLOBAL_UNICAST)) return { kind: 'reserved', range: 'outside 2000::/3', note: 'not global unicast', via: null };
  return null;
}

/** The bare address of a URL's hostname when it is an IP literal ("[::1]" -> "::1"), else null. */
export function ipLiteralOf(hostname: string): string | null {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) ? bare : null;
}

/** Whether an allow-list entry ("10.0.0.0/8", "fd12::/16", "192.168.1.5") is well formed. */
export function isCidr(entry: string): boolean {
  return parseCidr(entry) !== null;
}

function parseCidr(entry: string): Range | null {
  const [addr, bitsText, extra] = entry.trim().split('/');
  if (extra !== undefined) return null;
  const bytes = bytesOf(addr);
  if (!bytes || addr.includes('%')) return null;
  const max = bytes.length * 8;
  const bits = bitsText === undefined ? max : /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : NaN;
  if (!(bits >= 0 && bits <= max)) return null;
  return { bytes, bits, text: entry, kind: 'reserved' };
}

/** The same address, IPv4-mapped IPv6 written as IPv4, for comparing endpoints. */
function canonical(ip: string): string | null {
  const bytes = bytesOf(ip);
  if (!bytes) return null;
  const mapped = bytes.length === 16 && inRange(bytes, EMBEDDING[0].prefix);
  return (mapped ? bytes.slice(12) : bytes).join(bytes.length === 4 || mapped ? '.' : ':');
}

export interface Refusal {
  address: string;
  kind: AddressKind | 'denied-endpoint';
  /** "a link-local address (169.254.0.0/16, the cloud metadata service)". */
  description: string;
}

/**
 * Whether the policy lets collect connect to an address (and port).
 * @returns null when it may, else what the address is, for a one-line reason
 */
export function destinationRefusal(ip: string, policy: DestinationPolicy, port?: number): Refusal | null {
  if (port !== undefined) {
    const c = canonical(ip);
    const denied = policy.deniedEndpoints.find((e) => e.port === port && canonical(e.address) === c);
    if (denied) return { address: ip, kind: 'denied-endpoint', description: `${denied.name} (refused whatever the allow-list)` };
  }
  const cls = classifyAddress(ip);
  if (!cls) return null;
  if (policy.allowKinds.includes(cls.kind)) return null;
  const bytes = bytesOf(ip)!;
  if (policy.allowCidrs.some((c) => {
    const r = parseCidr(c);
    return r !== null && inRange(bytes, r);
  })) return null;
  const article = cls.kind === 'unspecified' ? 'the' : /^[aeiou]/.test(cls.kind) ? 'an' : 'a';
  const detail = [cls.range, cls.note].filter(Boolean).join(', ');
  return { address: ip, kind: cls.kind, description: `${article} ${cls.kind} address (${detail})` };
}

/** An allow-list as written in configuration: kinds and ranges, separated by commas or spaces. */
export interface AllowListParse {
  allowKinds: AddressKind[];
  allowCidrs: string[];
  /** Entries that are neither a kind nor a range. */
  invalid: string[];
}

/**
 * Parses an allow-list such as "loopback, 10.1.0.0/16, fd12::/16"; "none" allows nothing.
 */
export function parseAllowList(raw: string): AllowListParse {
  const out: AllowListParse = { allowKinds: [], allowCidrs: [], invalid: [] };
  for (const entry of raw.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean)) {
    const lower = entry.toLowerCase();
    if (lower === 'none') continue;
    if ((ADDRESS_KINDS as readonly string[]).includes(lower)) {
      if (!out.allowKinds.includes(lower as AddressKind)) out.allowKinds.push(lower as AddressKind);
    } else if (isCidr(entry)) out.allowCidrs.push(entry);
    else out.invalid.push(entry);
  }
  return out;
}

/** The Lambda runtime API endpoint from AWS_LAMBDA_RUNTIME_API ("127.0.0.1:9001"), or null. */
export function runtimeApiEndpoint(raw: string | undefined): { address: string; port: number; name: string } | null {
  if (!raw) return null;
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(raw.trim());
  if (!m) return null;
  const address = m[1] === 'localhost' ? '127.0.0.1' : m[1];
  return isIP(address) ? { address, port: Number(m[2]), name: 'the Lambda runtime API' } : null;
}
