/**
 * digestTheme: the stateless digest of one theme, as the CLI uses it: finds the theme, loads
 * the corpus its window needs (counted back from now), builds the digest, leaving to other
 * themes the passages their issues keep (cross-theme).
 */
import type { Corpus, Digest, Theme } from '../domain/types.ts';
import { buildDigest } from '../domain/digest/build-digest.ts';
import { crossThemeExclusions } from '../domain/digest/cross-theme.ts';
import { buildSearchIndex } from '../domain/digest/search-index.ts';
import { windowStart } from '../domain/stream/window.ts';
import { findTheme } from '../domain/themes/find-theme.ts';

export interface DigestThemeInput {
  themes: Theme[];
  themeId: string;
  /** Loads at least the articles dated on or after `since` (null: all). */
  corpus: (since: string | null) => Promise<Corpus>;
  maxExcerpts?: number;
  now: Date;
}

/**
 * Builds a theme's digest.
 * @throws UnknownThemeError, EmptyCorpusError
 */
export async function digestTheme(input: DigestThemeInput): Promise<{ digest: Digest; theme: Theme; corpus: Corpus }> {
  const theme = findTheme(input.themes, input.themeId);
  const now = input.now;
  const corpus = await input.corpus(windowStart(theme.window, now));
  const index = buildSearchIndex(corpus.passages);
  // One passage, one issue: what another theme's issue keeps is left to it.
  const takenByOtherThemes = crossThemeExclusions(corpus, input.themes, { now, index }).get(theme.id);
  const digest = buildDigest(corpus, theme, { maxExcerpts: input.maxExcerpts, now, index, takenByOtherThemes });
  return { digest, theme, corpus };
}
