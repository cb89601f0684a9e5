/**
 * ingestCorpus: reads every file of a corpus through a CorpusReader, ingests each one (a bad
 * file becomes a warning, never an error), and assembles the deduplicated corpus.
 */
import type { CorpusReader } from '../ports/corpus-reader.ts';
import type { Corpus } from '../domain/types.ts';
import { buildCorpus } from '../domain/text/build-corpus.ts';
import { ingestDocument, MAX_ARTICLE_BYTES, type DocumentResult } from '../domain/text/ingest-document.ts';
import { EmptyCorpusError } from '../errors.ts';
import type { DeclaredMeta } from '../domain/text/blocks.ts';
import { parseSidecar, sidecarMeta, sidecarTarget } from '../domain/text/sidecar.ts';

export interface IngestOptions {
  /** Name of the corpus for error messages (folder or bucket). */
  label?: string;
  /** Throw EmptyCorpusError when no usable article remains (default true). */
  requireArticles?: boolean;
}

/** Reads and parses a sidecar; a bad one is a warning, never an error. */
async function readSidecar(reader: CorpusReader, id: string): Promise<{ meta: DeclaredMeta; charset: string | null } | { error: string }> {
  try {
    const parsed = parseSidecar(await reader.read(id));
    return 'error' in parsed ? parsed : { meta: sidecarMeta(parsed.sidecar), charset: parsed.sidecar.charset };
  } catch (err) {
    return { error: `sidecar unreadable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
}

/**
 * Ingests a whole corpus. A `<file>.meta.json` beside a file is read as its metadata.
 * @throws EmptyCorpusError when no usable article remains (unless requireArticles is false)
 */
export async function ingestCorpus(reader: CorpusReader, opts: IngestOptions = {}): Promise<Corpus> {
  const listed = await reader.list();
  const sidecars = new Map(listed.flatMap((f) => (sidecarTarget(f.id) ? [[sidecarTarget(f.id) as string, f.id] as const] : [])));
  const files = listed.filter((f) => !sidecarTarget(f.id));
  const docs: DocumentResult[] = [];
  for (const file of files) {
    if (file.size > MAX_ARTICLE_BYTES) {
      docs.push(ingestDocument(file.id, new Uint8Array(MAX_ARTICLE_BYTES + 1)));
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await reader.read(file.id);
    } catch (err) {
      docs.push({ source: null, passages: [], dropped: [], warnings: [{ sourceId: file.id, message: `unreadable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` }] });
      continue;
    }
    const side = sidecars.has(file.id) ? await readSidecar(reader, sidecars.get(file.id)!) : null;
    const doc = ingestDocument(file.id, bytes, side && 'meta' in side ? { sidecar: side.meta, charset: side.charset } : {});
    if (side && 'error' in side) doc.warnings.push({ sourceId: sidecars.get(file.id)!, message: side.error });
    docs.push(doc);
  }
  const corpus = buildCorpus(docs);
  if ((opts.requireArticles ?? true) && corpus.sources.length === 0) {
    const why = corpus.warnings.length ? `${corpus.warnings.length} file(s) skipped: ${corpus.warnings[0].sourceId}: ${corpus.warnings[0].message}` : 'it is empty';
    throw new EmptyCorpusError(opts.label ?? 'corpus', why);
  }
  return corpus;
}
