/**
 * extractArticle: ingests one corpus file (with its sidecar) into the document cache, so the
 * index build that follows finds it extracted. Run per object as files land in the corpus,
 * which spreads a large corpus over many parallel invocations.
 */
import { documentKey, ingestDocument } from '../domain/text/ingest-document.ts';
import { parseSidecar, SIDECAR_SUFFIX, sidecarMeta, sidecarTarget } from '../domain/text/sidecar.ts';
import type { CorpusWriter } from '../ports/corpus-writer.ts';
import type { DocumentCache } from '../ports/document-cache.ts';

/**
 * Extracts the file a corpus object belongs to (a sidecar's put re-extracts its page).
 * @returns the id extracted and whether it was already cached, or null when there is nothing
 */
export async function extractArticle(deps: { corpus: CorpusWriter; cache: DocumentCache }, objectId: string): Promise<{ id: string; cached: boolean; sourceKept: boolean } | null> {
  if (objectId.split('/').some((p) => p.startsWith('.'))) return null; // collector state, not an article
  const id = sidecarTarget(objectId) ?? objectId;
  const bytes = await deps.corpus.read(id);
  if (!bytes) return null;
  const sideBytes = await deps.corpus.read(`${id}${SIDECAR_SUFFIX}`);
  const parsed = sideBytes ? parseSidecar(sideBytes) : null;
  const job = parsed && 'sidecar' in parsed ? { id, bytes, sidecar: sidecarMeta(parsed.sidecar), charset: parsed.sidecar.charset } : { id, bytes };
  const key = documentKey(job);
  if (await deps.cache.get(key)) return { id, cached: true, sourceKept: true };
  const result = ingestDocument(job.id, job.bytes, { sidecar: job.sidecar, charset: job.charset });
  await deps.cache.put(key, result);
  return { id, cached: false, sourceKept: !!result.source };
}
