/**
 * The query of a theme: stemmed terms from its keywords, title and description with weights
 * (keywords above title above description), and its multi-word keywords as phrases.
 */
import type { Theme } from '../types.ts';
import { analyze } from '../text/analyze.ts';

/** Weight of a term by where it appears in the theme. */
export const FIELD_WEIGHTS = { keyword: 2, title: 1.5, description: 1 } as const;

export interface ThemeQuery {
  /** Stem -> query weight (the highest field it appears in). */
  terms: Map<string, number>;
  /** Multi-word keywords: their stem sequences, with the keyword as written. */
  phrases: { stems: string[]; text: string }[];
}

/** Builds the query for a theme. */
export function buildQuery(theme: Theme): ThemeQuery {
  const terms = new Map<string, number>();
  const add = (text: string, w: number) => {
    for (const s of analyze(text)) terms.set(s, Math.max(terms.get(s) ?? 0, w));
  };
  add(theme.description, FIELD_WEIGHTS.description);
  add(theme.title, FIELD_WEIGHTS.title);
  const phrases: ThemeQuery['phrases'] = [];
  for (const k of theme.keywords) {
    add(k, FIELD_WEIGHTS.keyword);
    const stems = analyze(k);
    if (stems.length >= 2) phrases.push({ stems, text: k });
  }
  return { terms, phrases };
}
