/**
 * Sketches of held articles: per ISO week, a sorted table of (sampled stem-bigram hash, source)
 * pairs, stored as little-endian 32-bit words (all hashes, then all owners). An incremental
 * ingest looks up a new article's sample in every week's table to find the few held articles
 * it may copy, and compares it
 * with those only, so a copy planted months after its original is still found without loading
 * the archive.
 */
import { bigramSketch } from '../text/dedupe.ts';
import type { Passage } from '../types.ts';

/** One week's sketch table: hashes sorted, each with the index of its source in `sources`. */
export interface SketchTable {
  sources: string[];
  hashes: Uint32Array;
  owners: Uint32Array;
}

/** A held source must share at least this many sampled hashes with a new one to be compared. */
const MIN_SHARED = 2;
/** ...and this share of the new article's sample. */
const MIN_SHARED_SHARE = 0.05;
/** Hashes held by more sources than this are too common to point anywhere. */
const MAX_OWNERS = 40;

/** The distinct sampled hashes of a source's passages. */
export function sourceSketch(passages: Passage[]): number[] {
  const set = new Set<number>();
  for (const p of passages) for (const h of bigramSketch(p.text)) set.add(h);
  return [...set];
}

/** Builds a table from its sources' sketches. */
export function buildSketchTable(entries: { sourceId: string; sketch: number[] }[]): SketchTable {
  const pairs: [number, number][] = [];
  entries.forEach((e, i) => {
    for (const h of e.sketch) pairs.push([h, i]);
  });
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { sources: entries.map((e) => e.sourceId), hashes: Uint32Array.from(pairs, (p) => p[0]), owners: Uint32Array.from(pairs, (p) => p[1]) };
}

/** Whether this machine stores words little-endian (then the tables are copied, not converted). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** 32-bit words as little-endian bytes. */
function wordsToBytes(words: Uint32Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(words.buffer, words.byteOffset, words.byteLength);
  const out = Buffer.alloc(words.length * 4);
  words.forEach((w, i) => out.writeUInt32LE(w, i * 4));
  return out;
}

/** Little-endian bytes as 32-bit words (copied, so the words are aligned). */
function bytesToWords(bytes: Buffer): Uint32Array {
  const n = bytes.length / 4;
  if (LITTLE_ENDIAN) return new Uint32Array(Uint8Array.from(bytes).buffer, 0, n);
  return Uint32Array.from({ length: n }, (_, i) => bytes.readUInt32LE(i * 4));
}

/** Serialises a table: a JSON line of source ids, then the hash words, then the owner words (little-endian). */
export function encodeSketchTable(t: SketchTable): Uint8Array {
  return Buffer.concat([Buffer.from(`${JSON.stringify(t.sources)}\n`, 'utf8'), wordsToBytes(t.hashes), wordsToBytes(t.owners)]);
}

/** Reads a serialised table. @throws Error when it is damaged */
export function decodeSketchTable(bytes: Uint8Array): SketchTable {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nl = buf.indexOf(10);
  if (nl < 0 || (buf.length - nl - 1) % 8 !== 0) throw new Error('damaged sketch table');
  const sources = JSON.parse(buf.subarray(0, nl).toString('utf8')) as string[];
  const n = (buf.length - nl - 1) / 8;
  const hashes = bytesToWords(buf.subarray(nl + 1, nl + 1 + n * 4));
  const owners = bytesToWords(buf.subarray(nl + 1 + n * 4));
  if (owners.some((o) => o >= sources.length)) throw new Error('damaged sketch table');
  return { sources, hashes, owners };
}

function lowerBound(a: Uint32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The held sources a new article may copy: those sharing enough of its sampled hashes, most
 * shared first, at most `limit`.
 */
export function heldCandidates(sketch: number[], tables: SketchTable[], limit: number): string[] {
  const shared = new Map<string, number>();
  for (const h of sketch) {
    const owners: string[] = [];
    for (const t of tables) {
      for (let i = lowerBound(t.hashes, h); i < t.hashes.length && t.hashes[i] === h && owners.length <= MAX_OWNERS; i++) owners.push(t.sources[t.owners[i]]);
    }
    if (owners.length > MAX_OWNERS) continue;
    for (const o of new Set(owners)) shared.set(o, (shared.get(o) ?? 0) + 1);
  }
  const needed = Math.max(MIN_SHARED, Math.ceil(sketch.length * MIN_SHARED_SHARE));
  return [...shared].filter(([, n]) => n >= needed).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, limit).map(([id]) => id);
}
