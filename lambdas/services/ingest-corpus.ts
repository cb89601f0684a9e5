/**
 * ingestCorpus: reads every file of a corpus through a CorpusReader (with its `.meta.json`
 * sidecar, when there is one), ingests each one (a bad file becomes a warning, never an
 * error), and assembles the deduplicated corpus. Documents already in the cache (same bytes,
 * sidecar and ingesting code) are not extracted again; the rest go to the extractor, spread
 * over worker threads when there are many.
 */
import type { DeclaredMeta } from '../domain/text/blocks.ts';
import { buildCorpus } from '../domain/text/build-corpus.ts';
import { documentKey, ingestDocument, MAX_ARTICLE_BYTES, type DocumentResult } from '../domain/text/ingest-document.ts';
import { parseSidecar, sidecarMeta, sidecarTarget } from '../domain/text/sidecar.ts';
import type { Corpus } from '../domain/types.ts';
import { EmptyCorpusError } from '../errors.ts';
import type { CorpusFile, CorpusReader } from '../ports/corpus-reader.ts';
import type { DocumentCache } from '../ports/document-cache.ts';
import type { DocumentExtractor, ExtractJob } from '../ports/document-extractor.ts';

export interface IngestOptions {
  /** Name of the corpus for error messages (folder or bucket). */
  label?: string;
  /** Throw EmptyCorpusError when no usable article remains (default true). */
  requireArticles?: boolean;
  /** Extracted documents by content key. */
  cache?: DocumentCache;
  /** Part of every cache key: changes when the ingesting code changes. */
  codeFingerprint?: string;
  /** Used when at least `minJobs` documents need extracting (e.g. a worker pool). */
  parallel?: { extractor: DocumentExtractor; minJobs: number };
}

/** What a run did, for benchmarks and the ingest report. */
export interface IngestStats {
  files: number;
  cached: number;
  extracted: number;
  parallel: boolean;
}

/** Reads and parses a sidecar; a bad one is a warning, never an error. */
async function readSidecar(reader: CorpusReader, id: string): Promise<{ meta: DeclaredMeta; charset: string | null; fetchedAt: string | null } | { error: string }> {
  try {
    const parsed = parseSidecar(await reader.read(id));
    return 'error' in parsed ? parsed : { meta: sidecarMeta(parsed.sidecar), charset: parsed.sidecar.charset, fetchedAt: parsed.sidecar.fetchedAt };
  } catch (err) {
    return { error: `sidecar unreadable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
}

/** One file's ingest: its document, and when collect fetched it (from its sidecar), if known. */
export interface IngestedFile {
  doc: DocumentResult;
  fetchedAt: string | null;
}

/** The corpus listing split into article files and the sidecar of each article that has one. */
export function splitListing(listed: CorpusFile[]): { files: CorpusFile[]; sidecars: Map<string, CorpusFile> } {
  const byId = new Map(listed.map((f) => [f.id, f]));
  const sidecars = new Map(listed.flatMap((f) => (sidecarTarget(f.id) ? [[sidecarTarget(f.id) as string, byId.get(f.id)!] as const] : [])));
  return { files: listed.filter((f) => !sidecarTarget(f.id)), sidecars };
}

/**
 * Ingests the given article files (with their sidecars): cached documents are reused, the
 * rest extracted, in worker threads when there are many. A bad file becomes a warning.
 */
export async function ingestFiles(reader: CorpusReader, files: CorpusFile[], sidecars: Map<string, CorpusFile>, opts: IngestOptions = {}): Promise<{ files: IngestedFile[]; stats: IngestStats }> {
  const out: IngestedFile[] = files.map(() => ({ doc: null as unknown as DocumentResult, fetchedAt: null }));
  const pending: { index: number; job: ExtractJob; key: string | null; sidecarWarning: string | null }[] = [];
  let cached = 0;
  for (const [index, file] of files.entries()) {
    if (file.size > MAX_ARTICLE_BYTES) {
      out[index].doc = ingestDocument(file.id, new Uint8Array(MAX_ARTICLE_BYTES + 1));
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await reader.read(file.id);
    } catch (err) {
      out[index].doc = { source: null, passages: [], dropped: [], warnings: [{ sourceId: file.id, message: `unreadable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` }] };
      continue;
    }
    const sidecarId = sidecars.get(file.id)?.id;
    const side = sidecarId ? await readSidecar(reader, sidecarId) : null;
    if (side && 'meta' in side) out[index].fetchedAt = side.fetchedAt;
    const job: ExtractJob = side && 'meta' in side ? { id: file.id, bytes, sidecar: side.meta, charset: side.charset } : { id: file.id, bytes };
    const sidecarWarning = side && 'error' in side ? side.error : null;
    const key = opts.cache ? documentKey(job, opts.codeFingerprint) : null;
    const hit = key ? await opts.cache!.get(key) : null;
    if (hit) {
      cached++;
      out[index].doc = withSidecarWarning(hit, sidecarId, sidecarWarning);
      continue;
    }
    pending.push({ index, job, key, sidecarWarning });
  }
  const parallel = !!opts.parallel && pending.length >= opts.parallel.minJobs;
  const jobs = pending.map((p) => p.job);
  const results = parallel ? await opts.parallel!.extractor.extract(jobs) : jobs.map((j) => ingestDocument(j.id, j.bytes, { sidecar: j.sidecar, charset: j.charset }));
  for (const [i, p] of pending.entries()) {
    // The cache only saves work: a failed write is not an ingest failure.
    if (p.key) await opts.cache!.put(p.key, results[i]).catch(() => undefined);
    out[p.index].doc = withSidecarWarning(results[i], sidecars.get(p.job.id)?.id, p.sidecarWarning);
  }
  return { files: out, stats: { files: files.length, cached, extracted: pending.length, parallel } };
}

/**
 * Ingests a whole corpus. A `<file>.meta.json` beside a file is read as its metadata.
 * @throws EmptyCorpusError when no usable article remains (unless requireArticles is false)
 */
export async function ingestCorpus(reader: CorpusReader, opts: IngestOptions = {}): Promise<Corpus & { stats?: IngestStats }> {
  const { files, sidecars } = splitListing(await reader.list());
  const ingested = await ingestFiles(reader, files, sidecars, opts);
  const corpus = buildCorpus(ingested.files.map((f) => f.doc));
  if (opts.requireArticles ?? true) assertArticles(corpus, opts.label);
  return Object.assign(corpus, { stats: ingested.stats });
}

/** @throws EmptyCorpusError when the corpus holds no usable article */
export function assertArticles(corpus: Corpus, label = 'corpus'): void {
  if (corpus.sources.length) return;
  const why = corpus.warnings.length ? `${corpus.warnings.length} file(s) skipped: ${corpus.warnings[0].sourceId}: ${corpus.warnings[0].message}` : 'it is empty';
  throw new EmptyCorpusError(label, why);
}

function withSidecarWarning(doc: DocumentResult, sidecarId: string | undefined, warning: string | null): DocumentResult {
  return warning && sidecarId ? { ...doc, warnings: [...doc.warnings, { sourceId: sidecarId, message: warning }] } : doc;
}
