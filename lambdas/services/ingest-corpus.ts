/**
 * ingestCorpus: reads every file of a corpus through a CorpusReader, ingests each one (a bad
 * file becomes a warning, never an error), and assembles the deduplicated corpus.
 */
import type { CorpusReader } from '../ports/corpus-reader.ts';
import type { Corpus } from '../domain/types.ts';
import { buildCorpus } from '../domain/text/build-corpus.ts';
import { ingestDocument, MAX_ARTICLE_BYTES, type DocumentResult } from '../domain/text/ingest-document.ts';
import { EmptyCorpusError } from '../errors.ts';

export interface IngestOptions {
  /** Name of the corpus for error messages (folder or bucket). */
  label?: string;
  /** Throw EmptyCorpusError when no usable article remains (default true). */
  requireArticles?: boolean;
}

/**
 * Ingests a whole corpus.
 * @throws EmptyCorpusError when no usable article remains (unless requireArticles is false)
 */
export async function ingestCorpus(reader: CorpusReader, opts: IngestOptions = {}): Promise<Corpus> {
  const files = await reader.list();
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
    docs.push(ingestDocument(file.id, bytes));
  }
  const corpus = buildCorpus(docs);
  if ((opts.requireArticles ?? true) && corpus.sources.length === 0) {
    const why = corpus.warnings.length ? `${corpus.warnings.length} file(s) skipped: ${corpus.warnings[0].sourceId}: ${corpus.warnings[0].message}` : 'it is empty';
    throw new EmptyCorpusError(opts.label ?? 'corpus', why);
  }
  return corpus;
}
