/**
 * The index manifest: what the incremental index holds. Per corpus file, the version it was
 * ingested at, the day it counts as, when it was first seen and the segment holding it; per
 * segment, the files that hold its data and sketch. The manifest is written last, in one
 * atomic write, so a crash mid-ingest leaves the previous one (and the files it names) usable.
 */
import type { IngestWarning } from '../types.ts';

export const MANIFEST_VERSION = 1;

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

/** One segment's files (named by the generation that wrote them). */
export interface ManifestSegment {
  data: string;
  sketch: string;
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
  segments: Map<string, ManifestSegment>;
}

/** An index holding nothing. */
export function emptyManifest(fingerprint: string): Manifest {
  return { version: MANIFEST_VERSION, generation: 0, fingerprint, updatedAt: new Date(0).toISOString(), entries: new Map(), segments: new Map() };
}

/** Serialises a manifest (maps as pair lists, so no file name can be mistaken for a JS key). */
export function encodeManifest(m: Manifest): string {
  return JSON.stringify({ ...m, entries: [...m.entries], segments: [...m.segments] });
}

/** Reads a manifest; null when it is of another version or damaged (the index is then rebuilt). */
export function decodeManifest(text: string): Manifest | null {
  try {
    const raw = JSON.parse(text) as Omit<Manifest, 'entries' | 'segments'> & { entries: [string, ManifestEntry][]; segments: [string, ManifestSegment][] };
    if (raw.version !== MANIFEST_VERSION || !Array.isArray(raw.entries) || !Array.isArray(raw.segments)) return null;
    return { ...raw, entries: new Map(raw.entries), segments: new Map(raw.segments) };
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
