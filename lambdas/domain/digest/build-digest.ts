/**
 * buildDigest: the pure, stateless selection for one theme. Ranks the corpus's passages
 * with BM25 against the theme, applies the relevance cut (risen for the theme where the
 * per-source cap would trade a sure passage for a weak one: relevance/theme-cut.ts), MMR
 * diversity and the per-source cap, shapes each excerpt to read on its own, explains each
 * (`why`), and adds a brief made of relevant sentences the issue does not print, and the
 * sources it quotes. Passages of a source that copies another are never quoted. Fewer
 * relevant passages than the theme's minimum make the digest "not-enough-material".
 */
import { CANDIDATE_DEPTH, judgeCandidates, relevanceWhy } from '../relevance/judge.ts';
import { themeCut, type RiseView } from '../relevance/theme-cut.ts';
import { MODEL, type RelevanceModel } from '../relevance/model.ts';
import type { Corpus, Digest, DuplicateRef, Excerpt, Passage, Theme } from '../types.ts';
import { articleDay } from '../stream/article-date.ts';
import { recencyBoost } from '../stream/recency.ts';
import { windowDays, windowEnd, windowStart } from '../stream/window.ts';
import { wordCount } from '../text/normalize.ts';
import { buildQuery } from './query.ts';
import { rankPassages, type PassageScore } from './rank.ts';
import { buildSearchIndex, type SearchIndex } from './search-index.ts';
import { passagesBySource, sourcesById } from './corpus-layout.ts';
import { cosine } from './sentence-vectors.ts';
import { issueBrief } from './issue-summary.ts';
import { MIN_EXCERPT_WORDS, selectExcerpts, shapeFactor } from './select.ts';
import { DEFAULT_MAX_PER_SOURCE } from '../themes/parse-themes.ts';
import { paragraphIndex, shapeExcerpt, type ShapedExcerpt } from './standalone-excerpt.ts';

export interface DigestOptions {
  maxExcerpts?: number;
  now: Date;
  /** Passages already sent in earlier issues of the theme (history); their groups are left out too. */
  excludePassageIds?: Set<string>;
  /** A prebuilt index of corpus.passages (same order); built on the fly when absent. */
  index?: SearchIndex;
  /** Passages another theme's issue of the same period keeps (cross-theme: one passage, one issue). */
  takenByOtherThemes?: Set<string>;
  /** The editor's choices: pinned passages are always in (first), excluded ones never. */
  pinned?: string[];
  excluded?: string[];
  /** The editor's note and subject for the issue (carried on the digest for rendering). */
  note?: { subject: string | null; text: string | null } | null;
  /** The relevance model (the shipped one unless a bench fits its own). */
  model?: RelevanceModel;
  /** The instant the issue's window counts back from (its period; default `now`). */
  anchor?: Date;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

function excerptOf(p: Passage, s: PassageScore, corpus: Corpus, shaped: ShapedExcerpt): Excerpt {
  const source = sourcesById(corpus.sources).get(p.sourceId);
  const notes: string[] = [...shaped.notes];
  if (p.duplicates.length) notes.push(`original kept; ${p.duplicates.length} copy(ies) merged from ${[...new Set(p.duplicates.map((d) => d.sourceId))].join(', ')}`);
  if (p.heading) notes.push(`under heading "${p.heading}"`);
  return {
    id: p.id,
    text: shaped.text,
    sourceId: p.sourceId,
    sourceTitle: source?.title ?? p.sourceId,
    sourceDate: source?.date ?? null,
    sourceUrl: source?.url ?? null,
    sourceAuthor: source?.author ?? null,
    sourceSite: source?.site ?? null,
    score: round(s.score),
    why: {
      terms: s.terms.map((t) => ({ term: t.word, score: round(t.score) })),
      phrases: s.phrases,
      bm25: round(s.bm25),
      score: round(s.score),
      notes,
    },
  };
}

/**
 * Builds the digest of a theme.
 * @param corpus ingested, deduplicated corpus
 * @param theme the theme
 * @param opts maxExcerpts (default theme.maxExcerpts), now, history to leave out
 */
export function buildDigest(corpus: Corpus, theme: Theme, opts: DigestOptions): Digest {
  const index = opts.index ?? buildSearchIndex(corpus.passages);
  const query = buildQuery(theme);
  const excluded = new Set([...(opts.excludePassageIds ?? []), ...(opts.excluded ?? [])]);
  const excludedGroups = new Set(excluded.size ? corpus.passages.filter((p) => excluded.has(p.id) && p.groupId).map((p) => p.groupId as string) : []);
  const taken = opts.takenByOtherThemes ?? new Set<string>();
  const canQuote = quotable(corpus);
  const eligible = (p: Passage) => !excluded.has(p.id) && !taken.has(p.id) && canQuote(p) && !(p.groupId && excludedGroups.has(p.groupId));
  // The theme's window: only articles dated inside it are candidates.
  const anchor = opts.anchor ?? opts.now;
  const since = windowStart(theme.window, anchor);
  const until = windowEnd(theme.window, anchor);
  const days = windowDays(theme.window);
  const sourceOf = sourcesById(corpus.sources);
  const dayOf = (id: string) => {
    const source = sourceOf.get(id);
    return source ? articleDay(source) : undefined;
  };
  const dayInWindow = (day: string | null | undefined) => since === null || (!!day && day >= since && day <= until!);
  const inWindow = (p: Passage) => dayInWindow(dayOf(p.sourceId));
  const ranked = rankPassages(index, query).filter((s) => inWindow(corpus.passages[s.index]));
  const recency = (s: PassageScore) => recencyBoost(dayOf(corpus.passages[s.index].sourceId) ?? null, anchor, days);
  const maxExcerpts = opts.maxExcerpts ?? theme.maxExcerpts;
  const minExcerpts = Math.min(theme.minExcerpts ?? 3, maxExcerpts);
  // Pinned passages come first, whatever their score; nothing else from their paragraphs or groups.
  const pinnedIds = new Set(opts.pinned ?? []);
  const byId = new Map(pinnedIds.size ? corpus.passages.map((p, i) => [p.id, i]) : []);
  const pinnedIdx = [...pinnedIds].map((id) => byId.get(id)).filter((i): i is number => i !== undefined && !excluded.has(corpus.passages[i].id)).slice(0, maxExcerpts);
  // Only pinned passages and judged candidates are shaped, and shaping reads only their own sources' paragraphs.
  const shapedSources = new Set([...pinnedIdx, ...ranked.slice(0, CANDIDATE_DEPTH).map((s) => s.index)].map((i) => corpus.passages[i].sourceId));
  const bySource = passagesBySource(corpus.passages);
  const byParagraph = paragraphIndex([...shapedSources].flatMap((id) => (bySource.get(id) ?? []).map((i) => corpus.passages[i])));
  const shapes = new Map<Passage, ShapedExcerpt>();
  const shape = (p: Passage) => {
    let s = shapes.get(p);
    if (!s) shapes.set(p, (s = shapeExcerpt(p, byParagraph)));
    return s;
  };
  const pinnedKeys = new Set(pinnedIdx.flatMap((i) => shape(corpus.passages[i]).paragraphs));
  const pinnedGroups = new Set(pinnedIdx.map((i) => corpus.passages[i].groupId).filter(Boolean));
  const eligibleAfterPins = (p: Passage) => eligible(p) && !pinnedKeys.has(`${p.sourceId}#${p.paragraphIndex}`) && !(p.groupId && pinnedGroups.has(p.groupId));
  const scoreOf = new Map(ranked.map((s) => [s.index, s]));
  const pinnedScores: PassageScore[] = pinnedIdx.map((i) => scoreOf.get(i) ?? { index: i, bm25: 0, phraseScore: 0, score: 0, terms: [], phrases: [] });
  // Relevance is the model's: each of the best BM25 candidates gets a probability, and the cut decides.
  const judged = new Map(judgeCandidates(corpus, theme, query, index, ranked, opts.model).map((j) => [j.score.index, j]));
  const model = opts.model ?? MODEL;
  // Each judged passage's weight in the order (its order-model probability, fresher first in a window).
  const orderWeight = new Map([...judged].map(([i, j]) => [i, j.order * recency(j.score).factor]));
  const judgeAt = (cut: number) => (s: PassageScore) => {
    const j = judged.get(s.index);
    return j ? { p: orderWeight.get(s.index)!, relevant: j.p >= cut } : null;
  };
  // Only judged passages can be taken: the selection at each cut reads those alone.
  const judgedRanked = ranked.filter((s) => judged.has(s.index));
  const similarities = new Map<number, number>();
  const similarity = (a: number, b: number) => {
    const key = Math.min(a, b) * corpus.passages.length + Math.max(a, b);
    let sim = similarities.get(key);
    if (sim === undefined) similarities.set(key, (sim = cosine(index.docs[a].tf, index.docs[b].tf)));
    return sim;
  };
  const selections = new Map<number, ReturnType<typeof selectExcerpts>>();
  const selectAt = (cut: number) => {
    let selection = selections.get(cut);
    if (selection) return selection;
    const limits = { maxPerSource: theme.maxPerSource ?? DEFAULT_MAX_PER_SOURCE, shape, judge: judgeAt(cut), similarity };
    selection = selectExcerpts(judgedRanked, corpus.passages, index, maxExcerpts - pinnedIdx.length, eligibleAfterPins, limits);
    selections.set(cut, selection);
    return selection;
  };
  // The theme's cut rises above the model's while the issue stays as full, so the per-source cap
  // cannot trade a sure passage for a weak one from another source (theme-cut.ts).
  const candidateProbabilities = [...judged.values()].filter((j) => eligibleAfterPins(corpus.passages[j.score.index])).map((j) => j.p);
  // Each excerpt weighs as the selection weighs it: fresher first in a window, half when it does not read on its own.
  const rise: RiseView<PassageScore> = {
    probability: (s) => judged.get(s.index)?.p ?? 0,
    weight: (s) => (orderWeight.get(s.index) ?? 0) * shapeFactor(shape(corpus.passages[s.index])),
    source: (s) => corpus.passages[s.index].sourceId,
  };
  const cut = themeCut(candidateProbabilities, model.cut, (c) => selectAt(c).chosen, rise).cut;
  const selected = selectAt(cut);
  const chosen = [...pinnedScores, ...selected.chosen];
  // Relevance stays the model's: the brief draws on every passage above the model's cut.
  const relevant = selectAt(model.cut).relevant;
  const excerpts = chosen.map((s, i) => {
    const e = excerptOf(corpus.passages[s.index], s, corpus, shape(corpus.passages[s.index]));
    const j = judged.get(s.index);
    if (j) e.why.relevance = relevanceWhy(j, model, cut);
    if (j && cut > model.cut) e.why.notes.push(`the theme's cut rose from ${model.cut} to ${round(cut)}: the issue stays as full with surer passages`);
    const fresh = recency(s);
    if (fresh.ageDays !== null) {
      e.why.recency = { ageDays: fresh.ageDays, factor: round(fresh.factor) };
      e.why.notes.push(`${fresh.ageDays} day(s) old in a ${days}-day window: order weight x${round(fresh.factor)}`);
    }
    if (i < pinnedScores.length) e.why.notes.unshift('pinned by the editor');
    return e;
  });
  // The brief: relevant sentences the issue does not print. A quoted paragraph may lend one the
  // excerpt left out (issueBrief refuses printed sentences and close paraphrases of them); a
  // quoted passage's duplicate group lends none.
  const usedGroups = new Set(chosen.map((s) => corpus.passages[s.index].groupId).filter(Boolean));
  // Only passages the model is surest of lend the brief a sentence: an off-theme brief misleads more than a short one.
  const briefWorthy = (s: PassageScore) => (judged.get(s.index)?.p ?? 0) >= model.briefCut;
  const notACopyOfAQuote = (p: Passage) => !(p.groupId && usedGroups.has(p.groupId));
  const others = relevant.filter(briefWorthy).map((s) => corpus.passages[s.index]).filter(notACopyOfAQuote);
  const summary = issueBrief(others, theme, chosen.flatMap((s) => shape(corpus.passages[s.index]).sentences), excerpts.length);
  const sourceIds = [...new Set([...excerpts.map((e) => e.sourceId), ...summary.map((s) => s.sourceId)])];
  const sources = sourceIds.map((id) => {
    const src = sourceOf.get(id);
    const dups = new Map<string, DuplicateRef>();
    for (const d of src?.duplicates ?? []) dups.set(`${d.sourceId}`, d);
    for (const e of chosen.map((s) => corpus.passages[s.index]).filter((p) => p.sourceId === id)) {
      for (const d of e.duplicates) if (!dups.has(d.sourceId)) dups.set(d.sourceId, { sourceId: d.sourceId, kind: d.kind, score: d.score });
    }
    return { id, title: src?.title ?? id, date: src?.date ?? null, url: src?.url ?? null, canonical: src?.canonical ?? null, author: src?.author ?? null, site: src?.site ?? null, duplicates: [...dups.values()] };
  });
  return {
    theme: { id: theme.id, title: theme.title },
    status: excerpts.length >= minExcerpts ? 'ok' : 'not-enough-material',
    ...(opts.note && (opts.note.text || opts.note.subject) ? { editorial: { note: opts.note.text, subject: opts.note.subject } } : {}),
    generatedAt: opts.now.toISOString(),
    ...(since !== null ? { window: { from: since, days: days!, articles: corpus.sources.filter((x) => dayInWindow(articleDay(x))).length } } : {}),
    summary: { sentences: summary },
    excerpts,
    sources,
  };
}

/**
 * Whether a passage of the corpus may be quoted at all: not from a source that copies
 * another, and not a fragment (the digest adds history, pins and exclusions on top).
 */
export function quotable(corpus: Corpus): (p: Passage) => boolean {
  const copies = copySources(corpus);
  return (p) => !copies.has(p.sourceId) && wordCount(p.text) >= MIN_EXCERPT_WORDS;
}

/**
 * Sources that copy another source in the corpus (dedupe found a large share of their
 * passages to be reposts, quotations or paraphrases of it): a spun or reposted copy is never
 * quoted when its original is here (or was held before), and neither is the copier's framing around it.
 */
export function copySources(corpus: Corpus): Set<string> {
  const copiesOfLoaded = corpus.sources.flatMap((s) => s.duplicates.filter((d) => !d.passageId).map((d) => d.sourceId));
  // A copy whose original sits outside the loaded window still knows what it copies.
  const copiesOfHeld = corpus.sources.filter((s) => s.copyOf?.length).map((s) => s.id);
  return new Set([...copiesOfLoaded, ...copiesOfHeld]);
}
