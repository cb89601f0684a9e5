/**
 * The index manifest: what the incremental index holds. Per corpus file, the version it was
 * ingested at, the day it counts as, when it was first seen and the segment (day) holding it;
 * per day, the file holding its data; per ISO week, the file of its sketch table. It is stored
 * in two parts: a small head (the segments, the sketch tables, and the name of the entries
 * file) that every build reads, and the per-file
 * entries that only an ingest needs, so a build's cost does not grow with the archive. The
 * head is written last, in one atomic write, so a crash mid-ingest leaves the previous one
 * (and the files it names) usable.
 */
import type { IngestWarning } from '../types.ts';

export const MANIFEST_VERSION = 2;

/** What the index holds of one corpus file. */
export interface ManifestEntry {
  /** The file's version (size and modification time, or the object's ETag), with its sidecar's. */
  version: string;
  /** First seen: collect's fetchedAt, else the ingest that first held it (ISO time). */
  firstSeen: string;
  /** The day it counts as in windows (its date, else the day first seen); null when unreadable. */
  day: string | null;
  /** Its segment, or null when the file gave no article (then `warnings` say why). */
  segment: string | null;
  warnings?: IngestWarning[];
}

/** One day's segment file (named by the generation that wrote it). */
export interface ManifestSegment {
  data: string;
  sources: number;
  passages: number;
}

export interface Manifest {
  version: number;
  /** Bumped by every ingest that changes something; part of the files it writes. */
  generation: number;
  /** The ingesting code's fingerprint: a different one re-ingests everything. */
  fingerprint: string;
  updatedAt: string;
  entries: Map<string, ManifestEntry>;
  /** Data segments by day (or `undated`). */
  segments: Map<string, ManifestSegment>;
  /** Sketch tables by ISO week: the file of each. */
  sketches: Map<string, string>;
}

/** An index holding nothing. */
export function emptyManifest(fingerprint: string): Manifest {
  return { version: MANIFEST_VERSION, generation: 0, fingerprint, updatedAt: new Date(0).toISOString(), entries: new Map(), segments: new Map(), sketches: new Map() };
}

/** The manifest's stored parts: the head (naming its entries file) and the entries (maps as pair lists, so no file name can be mistaken for a JS key). */
export function encodeManifest(m: Manifest, entriesFile: string): { head: string; entries: string } {
  const { entries, segments, sketches, ...rest } = m;
  return { head: JSON.stringify({ ...rest, entriesFile, segments: [...segments], sketches: [...sketches] }), entries: JSON.stringify([...entries]) };
}

/** The head's fields; null when it is of another version or damaged (the index is then rebuilt). */
export function decodeManifestHead(text: string): (Omit<Manifest, 'entries'> & { entriesFile: string }) | null {
  try {
    const raw = JSON.parse(text) as Omit<Manifest, 'entries' | 'segments' | 'sketches'> & { entriesFile: string; segments: [string, ManifestSegment][]; sketches: [string, string][] };
    if (raw.version !== MANIFEST_VERSION || typeof raw.entriesFile !== 'string' || !Array.isArray(raw.segments) || !Array.isArray(raw.sketches)) return null;
    return { ...raw, segments: new Map(raw.segments), sketches: new Map(raw.sketches) };
  } catch {
    return null;
  }
}

/** The entries' part; null when damaged. */
export function decodeManifestEntries(text: string): Map<string, ManifestEntry> | null {
  try {
    const raw = JSON.parse(text) as [string, ManifestEntry][];
    return Array.isArray(raw) ? new Map(raw) : null;
  } catch {
    return null;
  }
}

/** What changed in the corpus since the manifest: files to (re)ingest and files gone. */
export function diffCorpus(listed: Map<string, string>, m: Manifest): { changed: string[]; removed: string[] } {
  const changed = [...listed].filter(([id, version]) => m.entries.get(id)?.version !== version).map(([id]) => id);
  const removed = [...m.entries.keys()].filter((id) => !listed.has(id));
  return { changed, removed };
}
