/**
 * The serialised corpus index: an ingested, deduplicated corpus and its search index in one
 * JSON document, so a Lambda (or the CLI) loads it instead of re-ingesting every article.
 */
import type { Corpus } from '../types.ts';
import { buildSearchIndex, searchIndexFromJson, searchIndexToJson, type SearchIndex, type SearchIndexJson } from '../digest/search-index.ts';

export const CORPUS_INDEX_VERSION = 1;

interface CorpusIndexJson {
  version: number;
  builtAt: string;
  corpus: Omit<Corpus, 'merged' | 'dropped'> & { merged: { passageId: string; sourceId: string; into: string; kind: string; score: number }[]; dropped: number };
  search: SearchIndexJson;
}

/**
 * Serialises a corpus and its search index.
 * @param index built from corpus.passages (built here when absent)
 */
export function serializeCorpusIndex(corpus: Corpus, builtAt: Date, index: SearchIndex = buildSearchIndex(corpus.passages)): string {
  const json: CorpusIndexJson = {
    version: CORPUS_INDEX_VERSION,
    builtAt: builtAt.toISOString(),
    corpus: {
      sources: corpus.sources,
      passages: corpus.passages,
      warnings: corpus.warnings,
      merged: corpus.merged.map((m) => ({ passageId: m.passage.id, sourceId: m.passage.sourceId, into: m.into, kind: m.kind, score: m.score })),
      dropped: corpus.dropped.length,
    },
    search: searchIndexToJson(index),
  };
  return JSON.stringify(json);
}

/**
 * Loads a serialised corpus index.
 * @throws Error when the text is not an index of this version
 */
export function loadCorpusIndex(text: string): { corpus: Corpus; index: SearchIndex; builtAt: string } {
  const json = JSON.parse(text) as CorpusIndexJson;
  if (json.version !== CORPUS_INDEX_VERSION) throw new Error(`corpus index version ${json.version} is not ${CORPUS_INDEX_VERSION}; rebuild it`);
  const corpus: Corpus = {
    sources: json.corpus.sources,
    passages: json.corpus.passages,
    warnings: json.corpus.warnings,
    dropped: [],
    // Merged copies keep only their ids in the index (their text is not needed to rank).
    merged: json.corpus.merged.map((m) => ({
      passage: { id: m.passageId, sourceId: m.sourceId, paragraphIndex: 0, windowIndex: 0, text: '', sentences: [], heading: null, citations: [], duplicates: [] },
      into: m.into,
      kind: m.kind as Corpus['merged'][number]['kind'],
      score: m.score,
    })),
  };
  return { corpus, index: searchIndexFromJson(json.search), builtAt: json.builtAt };
}
