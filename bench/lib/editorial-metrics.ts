/**
 * What an editor notices in an issue, counted: excerpts that open on words pointing back to
 * unseen text or stop mid-sentence, unbalanced quotes, footnote numbers glued to words,
 * the most excerpts from one source, and sentences printed twice (summary vs excerpts).
 * The patterns follow ../shared/hooks/editorial_check.py.
 */
import type { Digest } from '../../lambdas/domain/types.ts';

export const DANGLING_OPENER = /^\W*(as (was|has been|we) (mentioned|noted|said|seen)|as mentioned|doing so|in doing so|he|she|they|it|its|his|her|their|them|this (is|was|means|shows|suggests|has|will|would)|these|those|such|moreover|furthermore|in addition|besides|also|and|but|or|therefore|thus|hence|nevertheless|however|yet|meanwhile|in turn|on the other hand|the latter|the former)\b/i;
const GLUED = /(?:[a-z\u201d"')\]][.,;:]|\b(?:1[89]|20)\d\d[.,])\d{1,3}(?=\s+[A-Z\u201c"]|\s*$)/;
const END_OK = /[.!?\u2026]["'\u201d\u2019)\]]*\s*$/;
const norm = (t: string) => (t.normalize('NFKC').toLowerCase().replace(/\u2019/g, "'").match(/[\p{L}\p{N}_']+/gu) ?? []).join(' ');

export interface EditorialCounts {
  excerpts: number;
  danglingOrUnfinished: number;
  unbalancedQuotes: number;
  gluedFootnotes: number;
  maxFromOneSource: number;
  repeatedSentences: number;
}

/** Counts the editorial faults of one digest. */
export function editorialCounts(d: Pick<Digest, 'excerpts' | 'summary'>): EditorialCounts {
  const texts = d.excerpts.map((e) => e.text.trim());
  const perSource = new Map<string, number>();
  for (const e of d.excerpts) perSource.set(e.sourceId, (perSource.get(e.sourceId) ?? 0) + 1);
  const ne = texts.map(norm);
  const summ = d.summary.sentences.map((s) => norm(s.text));
  return {
    excerpts: texts.length,
    danglingOrUnfinished: texts.filter((t) => DANGLING_OPENER.test(t) || !END_OK.test(t)).length,
    unbalancedQuotes: texts.filter((t) => (t.match(/"/g) ?? []).length % 2 === 1 || (t.match(/\u201c/g) ?? []).length !== (t.match(/\u201d/g) ?? []).length).length,
    gluedFootnotes: texts.filter((t) => GLUED.test(t)).length + d.summary.sentences.filter((s) => GLUED.test(s.text)).length,
    maxFromOneSource: Math.max(0, ...perSource.values()),
    repeatedSentences: summ.filter((s) => s.split(' ').length >= 8 && ne.some((e) => e.includes(s))).length,
  };
}
