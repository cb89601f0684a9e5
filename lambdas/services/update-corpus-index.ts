/**
 * updateCorpusIndex: the incremental ingest. Lists the corpus, compares it with the index
 * manifest, and ingests only the files that are new or changed: each is extracted (or taken
 * from the document cache), compared for copies against the few held articles its sketch
 * points to (wherever in the archive they sit), and written into the segment of its day (its
 * sketch into its week's table); files removed or changed leave their segment. Segments and
 * sketches are written under new
 * names first and the manifest last, so a crash leaves the previous index whole.
 */
import { articleDay, settleDate } from '../domain/stream/article-date.ts';
import { decodeManifestEntries, decodeManifestHead, diffCorpus, emptyManifest, encodeManifest, type Manifest, type ManifestEntry } from '../domain/stream/manifest.ts';
import { decodeSegment, emptySegment, encodeSegment, withoutSources, type SegmentData } from '../domain/stream/segment-data.ts';
import { segmentOf, sketchGroupOf } from '../domain/stream/segments.ts';
import { buildSketchTable, decodeSketchTable, encodeSketchTable, heldCandidates, sourceSketch, type SketchTable } from '../domain/stream/sketch.ts';
import { dropFurniture } from '../domain/text/build-corpus.ts';
import { dedupePassages } from '../domain/text/dedupe.ts';
import { groupBy } from '../domain/group-by.ts';
import type { DocumentResult } from '../domain/text/ingest-document.ts';
import type { IngestWarning, Passage, Source } from '../domain/types.ts';
import type { CorpusFile, CorpusReader } from '../ports/corpus-reader.ts';
import type { IndexStore } from '../ports/index-store.ts';
import { IndexSegmentMissingError } from '../errors.ts';
import { ingestFiles, splitListing, type IngestOptions } from './ingest-corpus.ts';

export const MANIFEST_FILE = 'manifest.json';
/** At most this many held articles are compared with each new one. */
const HELD_CANDIDATES = 6;

export interface IndexUpdateOptions extends IngestOptions {
  /** The time of this ingest: first-seen times and the future-date rule use it. */
  now: Date;
  /** The ingesting code's fingerprint; a different one re-ingests every file. */
  fingerprint?: string;
}

/** What an update did. */
export interface IndexUpdateReport {
  files: number;
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
  extracted: number;
  cached: number;
  /** New articles found to copy one held before (or in the same batch). */
  copies: number;
  segmentsWritten: string[];
  /** Warnings of the files ingested in this update (future dates, unreadable files). */
  warnings: IngestWarning[];
  /** True when the whole corpus was ingested again (no index yet, or new ingesting code). */
  rebuilt: boolean;
  /** Seconds spent per step: listing and comparing, extracting, finding copies, writing. */
  seconds: { list: number; extract: number; copies: number; write: number };
}

/** Seconds since the last lap (rounded to ms), for the report's step times. */
function stepClock(): { lap(): number } {
  let last = performance.now();
  return {
    lap() {
      const now = performance.now();
      const s = Math.round(now - last) / 1000;
      last = now;
      return s;
    },
  };
}

/** Reads the manifest's head (what a build needs: the segments), or null when there is none (or it cannot be read). */
export async function readManifestHead(store: IndexStore): Promise<(Omit<Manifest, 'entries'> & { entriesFile: string }) | null> {
  const bytes = await store.read(MANIFEST_FILE);
  return bytes ? decodeManifestHead(Buffer.from(bytes).toString('utf8')) : null;
}

/** Reads the whole manifest (head and entries), or null when there is none (or it cannot be read). */
export async function readManifest(store: IndexStore): Promise<Manifest | null> {
  const head = await readManifestHead(store);
  const bytes = head ? await store.read(head.entriesFile) : null;
  const entries = bytes ? decodeManifestEntries(Buffer.from(bytes).toString('utf8')) : null;
  if (!head || !entries) return null;
  const { entriesFile: _file, ...rest } = head;
  return { ...rest, entries };
}

/** Reads one segment's data file. @throws IndexSegmentMissingError when it is missing */
export async function readSegment(store: IndexStore, file: string): Promise<SegmentData> {
  const bytes = await store.read(file);
  if (!bytes) throw new IndexSegmentMissingError(file);
  return decodeSegment(Buffer.from(bytes).toString('utf8'));
}

/** The version of a listed file together with its sidecar's. */
function listedVersions(files: CorpusFile[], sidecars: Map<string, CorpusFile>): Map<string, string> {
  const v = (f: CorpusFile | undefined) => (f ? (f.version ?? String(f.size)) : '-');
  return new Map(files.map((f) => [f.id, `${v(f)}|${v(sidecars.get(f.id))}`]));
}

/** A valid ISO time, or null. */
function isoOrNull(t: string | null | undefined): string | null {
  return t && !Number.isNaN(Date.parse(t)) ? new Date(t).toISOString() : null;
}

/** Dates an ingested document for the stream: first seen, future dates settled. */
function dateDocument(doc: DocumentResult, firstSeen: string, now: Date): DocumentResult {
  if (!doc.source) return doc;
  const settled = settleDate(doc.source.date, now);
  const source: Source = { ...doc.source, date: settled.date, firstSeen };
  const warnings = settled.warning ? [...doc.warnings, { sourceId: source.id, message: settled.warning }] : doc.warnings;
  return { ...doc, source, warnings };
}

/** Loads segments by name, once each. */
class SegmentCache {
  readonly loaded = new Map<string, SegmentData>();
  constructor(private readonly store: IndexStore, private readonly manifest: Manifest) {}

  async get(segment: string): Promise<SegmentData> {
    let seg = this.loaded.get(segment);
    if (!seg) {
      const files = this.manifest.segments.get(segment);
      seg = files ? await readSegment(this.store, files.data) : emptySegment();
      this.loaded.set(segment, seg);
    }
    return seg;
  }
}

/** Every week's sketch table (a damaged one is skipped: its articles are only not compared). */
async function loadSketches(store: IndexStore, manifest: Manifest): Promise<Map<string, SketchTable>> {
  const out = new Map<string, SketchTable>();
  for (const [week, file] of manifest.sketches) {
    const bytes = await store.read(file);
    if (!bytes) continue;
    try {
      out.set(week, decodeSketchTable(bytes));
    } catch {
      /* its articles are only not compared until the week is written again */
    }
  }
  return out;
}

/** Held sources (cloned, so comparing never alters what is stored) the new documents may copy. */
async function heldToCompare(docs: DocumentResult[], tables: Map<string, SketchTable>, manifest: Manifest, segments: SegmentCache, leaving: Set<string>): Promise<{ sources: Source[]; passages: Passage[] }> {
  const wanted = new Set<string>();
  for (const d of docs) {
    if (!d.source) continue;
    for (const id of heldCandidates(sourceSketch(d.passages), [...tables.values()], HELD_CANDIDATES)) if (!leaving.has(id)) wanted.add(id);
  }
  const sources: Source[] = [];
  const passages: Passage[] = [];
  for (const id of [...wanted].sort()) {
    const segment = manifest.entries.get(id)?.segment;
    if (!segment) continue;
    const seg = await segments.get(segment);
    const source = seg.sources.find((s) => s.id === id);
    if (!source) continue;
    sources.push(structuredClone(source));
    passages.push(...structuredClone(seg.passages.filter((p) => p.sourceId === id)));
  }
  return { sources, passages };
}

/** Records, on each new copy, the source it copies (so it stays out even when its original is not loaded). */
function recordSourceCopies(sources: Source[], held: Set<string>, fresh: Map<string, Source>): number {
  let copies = 0;
  for (const original of sources) {
    for (const d of original.duplicates) {
      const copy = fresh.get(d.sourceId);
      if (!copy || d.passageId || copy.copyOf?.some((c) => c.sourceId === original.id)) continue;
      copy.copyOf = [...(copy.copyOf ?? []), { sourceId: original.id, kind: d.kind, score: d.score }];
      copies++;
    }
    if (held.has(original.id)) original.duplicates = [];
  }
  return copies;
}

/** A week's sketch table: the old table's rows of sources that stay, and rows for the new ones. */
function weekSketch(old: SketchTable | undefined, leaving: Set<string>, added: { sourceId: string; passages: Passage[] }[]): SketchTable {
  const rows = new Map<string, number[]>();
  if (old) for (let i = 0; i < old.hashes.length; i++) {
    const id = old.sources[old.owners[i]];
    if (leaving.has(id)) continue;
    let list = rows.get(id);
    if (!list) rows.set(id, (list = []));
    list.push(old.hashes[i]);
  }
  for (const a of added) rows.set(a.sourceId, sourceSketch(a.passages));
  return buildSketchTable([...rows].sort(([a], [b]) => a.localeCompare(b)).map(([sourceId, sketch]) => ({ sourceId, sketch })));
}

/**
 * Brings the index up to date with the corpus.
 * @param reader the corpus (folder or S3 prefix)
 * @param store where the index lives
 */
export async function updateCorpusIndex(reader: CorpusReader, store: IndexStore, opts: IndexUpdateOptions): Promise<{ manifest: Manifest; report: IndexUpdateReport }> {
  const fingerprint = opts.fingerprint ?? '';
  const clock = stepClock();
  const prior = await readManifest(store);
  const rebuilt = !prior || prior.fingerprint !== fingerprint;
  // New ingesting code re-ingests everything, but what was first seen when stays.
  // (A rebuild still counts generations on, so it never writes over a file the old head names.)
  const generationBefore = prior?.generation ?? (await readManifestHead(store))?.generation ?? 0;
  const manifest: Manifest = rebuilt ? { ...emptyManifest(fingerprint), generation: generationBefore } : prior;
  const firstSeenBefore = new Map([...(prior?.entries ?? [])].map(([id, e]) => [id, e.firstSeen]));
  const { files, sidecars } = splitListing(await reader.list());
  const versions = listedVersions(files, sidecars);
  const { changed, removed } = diffCorpus(versions, manifest);
  const report: IndexUpdateReport = { files: files.length, added: changed.filter((id) => !firstSeenBefore.has(id)), changed: changed.filter((id) => firstSeenBefore.has(id)), removed, unchanged: files.length - changed.length, extracted: 0, cached: 0, copies: 0, segmentsWritten: [], warnings: [], rebuilt, seconds: { list: clock.lap(), extract: 0, copies: 0, write: 0 } };
  if (!changed.length && !removed.length && !rebuilt) return { manifest, report };

  const segments = new SegmentCache(store, manifest);
  const leaving = new Set([...changed, ...removed]);
  // Files removed or changed leave the segment that held them.
  const touched = new Set<string>();
  for (const id of leaving) {
    const segment = manifest.entries.get(id)?.segment;
    if (segment) touched.add(segment);
  }
  for (const segment of touched) segments.loaded.set(segment, withoutSources(await segments.get(segment), leaving));

  const changedFiles = files.filter((f) => leaving.has(f.id));
  const ingested = await ingestFiles(reader, changedFiles, sidecars, opts);
  report.extracted = ingested.stats.extracted;
  report.cached = ingested.stats.cached;
  const stamp = opts.now.toISOString();
  const firstSeen = new Map(changedFiles.map((f, i) => [f.id, firstSeenBefore.get(f.id) ?? isoOrNull(ingested.files[i].fetchedAt) ?? stamp]));
  const docs = ingested.files.map((f, i) => dateDocument(f.doc, firstSeen.get(changedFiles[i].id)!, opts.now));
  report.seconds.extract = clock.lap();

  // Copies: within the batch, and against the held articles each new one's sketch points to.
  const tables = await loadSketches(store, manifest);
  const held = await heldToCompare(docs, tables, manifest, segments, leaving);
  const heldIds = new Set(held.sources.map((s) => s.id));
  const fresh = new Map(docs.flatMap((d) => (d.source ? [[d.source.id, d.source] as const] : [])));
  const furniture = dropFurniture([...held.passages, ...docs.flatMap((d) => d.passages)]);
  const furnitureDrops = furniture.dropped.filter((b) => fresh.has(b.sourceId));
  const newPassages = furniture.kept.filter((p) => fresh.has(p.sourceId));
  const deduped = dedupePassages([...held.sources, ...fresh.values()], [...held.passages, ...newPassages], { held: heldIds });
  report.copies = recordSourceCopies([...held.sources, ...fresh.values()], heldIds, fresh);
  report.seconds.copies = clock.lap();

  // Each new document goes to the segment of its day, its sketch to its week's table.
  const addedToWeek = new Map<string, { sourceId: string; passages: Passage[] }[]>();
  const keptBySource = groupBy(deduped.passages.filter((p) => fresh.has(p.sourceId)), (p) => p.sourceId);
  const mergedBySource = groupBy(deduped.merged, (m) => m.passage.sourceId);
  const droppedBySource = groupBy(furnitureDrops, (b) => b.sourceId);
  for (const [i, doc] of docs.entries()) {
    const id = changedFiles[i].id;
    const entry: ManifestEntry = { version: versions.get(id)!, firstSeen: firstSeen.get(id)!, day: doc.source ? articleDay(doc.source) : null, segment: null };
    report.warnings.push(...doc.warnings);
    if (!doc.source) {
      entry.warnings = doc.warnings;
      manifest.entries.set(id, entry);
      continue;
    }
    entry.segment = segmentOf(entry.day);
    const seg = await segments.get(entry.segment);
    seg.sources.push(doc.source);
    seg.passages.push(...(keptBySource.get(id) ?? []));
    const week = sketchGroupOf(entry.segment);
    addedToWeek.set(week, [...(addedToWeek.get(week) ?? []), { sourceId: id, passages: keptBySource.get(id) ?? [] }]);
    seg.merged.push(...(mergedBySource.get(id) ?? []).map((m) => ({ passage: m.passage, into: m.into, kind: m.kind, score: m.score })));
    seg.dropped.push(...doc.dropped, ...(droppedBySource.get(id) ?? []));
    seg.warnings.push(...doc.warnings);
    touched.add(entry.segment);
    manifest.entries.set(id, entry);
  }
  for (const id of removed) manifest.entries.delete(id);

  // Write the touched days and weeks under the next generation's names, then the manifest.
  const generation = manifest.generation + 1;
  const replaced: string[] = [];
  for (const segment of [...touched].sort()) {
    const seg = segments.loaded.get(segment)!;
    const old = manifest.segments.get(segment);
    if (old) replaced.push(old.data);
    if (!seg.sources.length) {
      manifest.segments.delete(segment);
      continue;
    }
    seg.sources.sort((a, b) => a.id.localeCompare(b.id));
    const data = `segments/${segment}.g${generation}.json`;
    await store.write(data, encodeSegment(seg));
    manifest.segments.set(segment, { data, sources: seg.sources.length, passages: seg.passages.length });
    report.segmentsWritten.push(segment);
  }
  for (const week of new Set([...touched].map(sketchGroupOf))) {
    const old = manifest.sketches.get(week);
    if (old) replaced.push(old);
    const table = weekSketch(tables.get(week), leaving, addedToWeek.get(week) ?? []);
    if (!table.sources.length) {
      manifest.sketches.delete(week);
      continue;
    }
    const file = `sketch/${week}.g${generation}.bin`;
    await store.write(file, encodeSketchTable(table));
    manifest.sketches.set(week, file);
  }
  manifest.generation = generation;
  manifest.updatedAt = stamp;
  const entriesFile = `entries.g${generation}.json`;
  const encoded = encodeManifest(manifest, entriesFile);
  await store.write(entriesFile, encoded.entries);
  await store.write(MANIFEST_FILE, encoded.head);
  replaced.push(`entries.g${generationBefore}.json`);
  await removeUnreferenced(store, manifest, replaced, rebuilt, entriesFile);
  report.seconds.write = clock.lap();
  return { manifest, report };
}

/**
 * Removes the files the new manifest replaced. After a rebuild, every segment file the
 * manifest does not name goes (earlier generations, files of a crashed ingest).
 */
async function removeUnreferenced(store: IndexStore, manifest: Manifest, replaced: string[], everything: boolean, entriesFile: string): Promise<void> {
  const live = new Set([MANIFEST_FILE, entriesFile, ...[...manifest.segments.values()].map((s) => s.data), ...manifest.sketches.values()]);
  const candidates = everything ? await store.list() : replaced;
  for (const name of candidates) if (!live.has(name)) await store.remove(name).catch(() => undefined);
}
