/**
 * digestTheme: the stateless digest of one theme over a corpus folder, as the CLI, the
 * preview and `render` use it: loads themes and corpus, finds the theme, builds the digest,
 * leaving to other themes the passages their issues keep (cross-theme).
 */
import type { CorpusReader } from '../ports/corpus-reader.ts';
import type { Corpus, Digest, Theme } from '../domain/types.ts';
import { buildDigest } from '../domain/digest/build-digest.ts';
import { crossThemeExclusions } from '../domain/digest/cross-theme.ts';
import { buildSearchIndex } from '../domain/digest/search-index.ts';
import { findTheme } from '../domain/themes/find-theme.ts';
import { ingestCorpus, type IngestOptions } from './ingest-corpus.ts';

export interface DigestThemeInput {
  themes: Theme[];
  themeId: string;
  /** Either an ingested corpus or a reader to ingest from. */
  corpus?: Corpus;
  reader?: CorpusReader;
  corpusLabel?: string;
  /** Cache and worker pool for the ingest (see handlers/ingest-wiring.ts). */
  ingestOptions?: IngestOptions;
  maxExcerpts?: number;
  now?: Date;
}

/**
 * Builds a theme's digest.
 * @throws UnknownThemeError, EmptyCorpusError
 */
export async function digestTheme(input: DigestThemeInput): Promise<{ digest: Digest; theme: Theme; corpus: Corpus }> {
  const theme = findTheme(input.themes, input.themeId);
  const corpus = input.corpus ?? (await ingestCorpus(input.reader!, { label: input.corpusLabel, ...input.ingestOptions }));
  const now = input.now ?? new Date();
  const index = buildSearchIndex(corpus.passages);
  // One passage, one issue: what another theme's issue keeps is left to it.
  const takenByOtherThemes = crossThemeExclusions(corpus, input.themes, { now, index }).get(theme.id);
  const digest = buildDigest(corpus, theme, { maxExcerpts: input.maxExcerpts, now, index, takenByOtherThemes });
  return { digest, theme, corpus };
}
