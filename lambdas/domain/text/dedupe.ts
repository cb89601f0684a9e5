/**
 * Near-duplicate detection across passages: verbatim reposts, long quotations and light
 * paraphrase appear once. The original (earliest dated source, then the most complete one)
 * is kept; the copies are recorded on it as `duplicates` and share its `groupId`.
 *
 * Candidates come from an inverted index of rare stem bigrams (posting lists of common
 * bigrams are skipped), so the work grows with the number of passages, not its square.
 * A candidate pair is then measured against the other passage's neighbourhood (its
 * paragraph and the paragraphs next to it), so copies cut into windows differently still
 * match:
 * - word 5-shingle containment >= QUOTE_CONTAINMENT: a repost or a quotation ('exact' when
 *   both directions are near complete);
 * - else stem-bigram containment >= PARAPHRASE_BIGRAMS with stem containment >=
 *   PARAPHRASE_STEMS: a paraphrase (synonym swaps break word shingles but keep many stem
 *   pairs and almost all content words).
 */
import type { Corpus, DuplicateKind, Passage, Source } from '../types.ts';
import { analyze, tokenize } from './analyze.ts';

export const QUOTE_CONTAINMENT = 0.5;
export const EXACT_CONTAINMENT = 0.9;
export const PARAPHRASE_BIGRAMS = 0.25;
export const PARAPHRASE_STEMS = 0.45;
/** Bigrams found in more passages than this are too common to find candidates with. */
const MAX_POSTING = 12;
/** A candidate must share at least this many rare bigrams, and this share of the passage's bigrams. */
const MIN_SHARED_BIGRAMS = 3;
const MIN_SHARED_SHARE = 0.1;
/** At most this many candidates (those sharing the most bigrams) are measured per passage. */
const MAX_CANDIDATES = 6;
/** A source is a copy of another when this share of its passages merged into it. */
const SOURCE_COPY_SHARE = 0.3;

export interface DedupeResult {
  passages: Passage[];
  merged: Corpus['merged'];
}

interface Features {
  shingles: Set<number>;
  bigrams: Set<number>;
  stems: Set<number>;
}

const hashCache = new Map<string, number>();

/** 32-bit FNV-1a hash of a word (cached): sets of numbers are much cheaper than of strings. */
function hashWord(w: string): number {
  let h = hashCache.get(w);
  if (h === undefined) {
    h = 0x811c9dc5;
    for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 0x01000193);
    h >>>= 0;
    if (hashCache.size > 500_000) hashCache.clear();
    hashCache.set(w, h);
  }
  return h;
}

function combine(h: number, x: number): number {
  return (Math.imul(h, 0x9e3779b1) ^ x) >>> 0;
}

function features(text: string): Features {
  const words = tokenize(text).map(hashWord);
  const shingles = new Set<number>();
  for (let i = 0; i + 5 <= words.length; i++) shingles.add(combine(combine(combine(combine(words[i], words[i + 1]), words[i + 2]), words[i + 3]), words[i + 4]));
  if (!shingles.size && words.length) shingles.add(words.reduce(combine, 0));
  const stems = analyze(text).map(hashWord);
  const bigrams = new Set<number>();
  for (let i = 0; i + 2 <= stems.length; i++) bigrams.add(combine(stems[i], stems[i + 1]));
  return { shingles, bigrams, stems: new Set(stems) };
}

function containment(a: Set<number>, b: Set<number>): number {
  if (!a.size) return 0;
  let hit = 0;
  for (const x of a) if (b.has(x)) hit++;
  return hit / a.size;
}

function union(sets: Set<number>[]): Set<number> {
  if (sets.length === 1) return sets[0];
  const out = new Set<number>();
  for (const s of sets) for (const x of s) out.add(x);
  return out;
}

/**
 * How an earlier source outranks a later one: one already held (an incremental ingest's
 * earlier articles) before a new one, dated before undated, earlier first, then longer.
 */
function originalOrder(sources: Map<string, Source>, words: Map<string, number>, held: ReadonlySet<string>) {
  return (a: string, b: string): number => {
    if (held.has(a) !== held.has(b)) return held.has(a) ? -1 : 1;
    const da = sources.get(a)?.date ?? null;
    const db = sources.get(b)?.date ?? null;
    if (da && db && da !== db) return da < db ? -1 : 1;
    if (da && !db) return -1;
    if (!da && db) return 1;
    const wa = words.get(a) ?? 0;
    const wb = words.get(b) ?? 0;
    if (wa !== wb) return wb - wa;
    return a.localeCompare(b);
  };
}

/** Measures how passage `a` is contained in the neighbourhood of passage `b`. */
function classifyPair(a: Features, neighbourhood: Features, reverse: Features): { kind: DuplicateKind; score: number } | null {
  const quote = containment(a.shingles, neighbourhood.shingles);
  if (quote >= QUOTE_CONTAINMENT) {
    const back = containment(reverse.shingles, a.shingles);
    return { kind: quote >= EXACT_CONTAINMENT && back >= EXACT_CONTAINMENT ? 'exact' : 'quote', score: quote };
  }
  const bigrams = containment(a.bigrams, neighbourhood.bigrams);
  const stems = containment(a.stems, neighbourhood.stems);
  if (bigrams >= PARAPHRASE_BIGRAMS && stems >= PARAPHRASE_STEMS) return { kind: 'paraphrase', score: (bigrams + stems) / 2 };
  return null;
}

export interface DedupeOptions {
  /**
   * Sources already held (an incremental ingest): never taken for copies, and ranked before
   * any new source as originals, so what was settled stays settled.
   */
  held?: ReadonlySet<string>;
}

/** Share of stem-bigram hashes kept in a sketch (1 in SKETCH_SAMPLE, by hash value). */
export const SKETCH_SAMPLE = 8;

/**
 * A sample of a text's stem-bigram hashes (the ones dedupe finds candidates with), chosen by
 * hash value so a copy's sample overlaps its original's: what an incremental ingest keeps of
 * each held article to find the few it must compare a new one against.
 */
export function bigramSketch(text: string): number[] {
  const out: number[] = [];
  for (const b of features(text).bigrams) if (b % SKETCH_SAMPLE === 0) out.push(b);
  return out;
}

/**
 * Removes near-duplicate passages, keeping the original and recording the others on it.
 * Also fills `Source.duplicates` of an original with the sources that largely copy it.
 * @param sources every source (dates decide which is original)
 * @param passages every passage of every source, in source order
 */
export function dedupePassages(sources: Source[], passages: Passage[], opts: DedupeOptions = {}): DedupeResult {
  const byId = new Map(sources.map((s) => [s.id, s]));
  const words = new Map<string, number>();
  for (const p of passages) words.set(p.sourceId, (words.get(p.sourceId) ?? 0) + p.text.length);
  const held = opts.held ?? new Set<string>();
  const order = originalOrder(byId, words, held);
  const feats = passages.map((p) => features(p.text));

  // Neighbourhood of each passage: the windows of its paragraph and of the paragraphs around it.
  const paragraphs = new Map<string, number[]>();
  passages.forEach((p, i) => {
    const key = `${p.sourceId}#${p.paragraphIndex}`;
    if (!paragraphs.has(key)) paragraphs.set(key, []);
    paragraphs.get(key)!.push(i);
  });
  const hoodCache = new Map<number, Features>();
  const hood = (i: number): Features => {
    let f = hoodCache.get(i);
    if (!f) {
      const p = passages[i];
      const idx = [-1, 0, 1].flatMap((d) => paragraphs.get(`${p.sourceId}#${p.paragraphIndex + d}`) ?? []);
      const parts = idx.map((j) => feats[j]);
      f = { shingles: union(parts.map((x) => x.shingles)), bigrams: union(parts.map((x) => x.bigrams)), stems: union(parts.map((x) => x.stems)) };
      hoodCache.set(i, f);
    }
    return f;
  };

  // Inverted index of bigrams -> passages.
  const postings = new Map<number, number[]>();
  feats.forEach((f, i) => {
    for (const b of f.bigrams) {
      let list = postings.get(b);
      if (!list) postings.set(b, (list = []));
      list.push(i);
    }
  });

  // For each passage, the best original it copies (from an earlier-ranked source).
  const copyOf = new Map<number, { into: number; kind: DuplicateKind; score: number }>();
  feats.forEach((f, i) => {
    // What is held was settled when it was ingested: only new passages may turn out to be copies.
    if (held.has(passages[i].sourceId)) return;
    const shared = new Map<number, number>();
    for (const b of f.bigrams) {
      const list = postings.get(b)!;
      if (list.length > MAX_POSTING) continue;
      for (const j of list) if (passages[j].sourceId !== passages[i].sourceId) shared.set(j, (shared.get(j) ?? 0) + 1);
    }
    let best: { into: number; kind: DuplicateKind; score: number } | null = null;
    // Only the few passages sharing the most rare bigrams are measured: a copy shares many.
    const minShared = Math.max(f.bigrams.size <= 6 ? 1 : MIN_SHARED_BIGRAMS, Math.floor(f.bigrams.size * MIN_SHARED_SHARE));
    const candidates = [...shared].filter(([j, n]) => n >= minShared && order(passages[j].sourceId, passages[i].sourceId) < 0).sort((a, b) => b[1] - a[1]).slice(0, MAX_CANDIDATES);
    for (const [j] of candidates) {
      const c = classifyPair(f, hood(j), feats[j]);
      if (c && (!best || c.score > best.score)) best = { into: j, ...c };
    }
    if (best) copyOf.set(i, best);
  });

  // Resolve chains (a copy of a copy points to the root original).
  const root = (i: number): number => {
    const seen = new Set<number>();
    let r = i;
    while (copyOf.has(r) && !seen.has(r)) {
      seen.add(r);
      r = copyOf.get(r)!.into;
    }
    return r;
  };

  const merged: Corpus['merged'] = [];
  const kept: Passage[] = [];
  passages.forEach((p, i) => {
    const c = copyOf.get(i);
    if (!c) {
      kept.push(p);
      return;
    }
    const into = passages[root(i)];
    into.groupId ??= `g:${into.id}`;
    p.groupId = into.groupId;
    into.duplicates.push({ sourceId: p.sourceId, passageId: p.id, kind: c.kind, score: Math.round(c.score * 1000) / 1000 });
    merged.push({ passage: p, into: into.id, kind: c.kind, score: c.score });
  });

  // Source-level copies: a source most of whose passages merged into one original source.
  const passageById = new Map(passages.map((p) => [p.id, p]));
  const perSource = new Map<string, number>();
  for (const p of passages) perSource.set(p.sourceId, (perSource.get(p.sourceId) ?? 0) + 1);
  const pairs = new Map<string, { kinds: DuplicateKind[]; n: number }>();
  for (const m of merged) {
    const original = passageById.get(m.into)!.sourceId;
    const key = `${m.passage.sourceId}\u0000${original}`;
    const e = pairs.get(key) ?? { kinds: [], n: 0 };
    e.kinds.push(m.kind);
    e.n++;
    pairs.set(key, e);
  }
  for (const [key, e] of pairs) {
    const [copy, original] = key.split('\u0000');
    const share = e.n / (perSource.get(copy) ?? 1);
    if (share < SOURCE_COPY_SHARE) continue;
    const kind = (['exact', 'quote', 'paraphrase'] as DuplicateKind[]).reduce((a, k) => (e.kinds.filter((x) => x === k).length > e.kinds.filter((x) => x === a).length ? k : a), e.kinds[0]);
    const src = byId.get(original);
    if (src && !src.duplicates.some((d) => d.sourceId === copy)) src.duplicates.push({ sourceId: copy, kind, score: Math.round(share * 1000) / 1000 });
  }
  return { passages: kept, merged };
}

/**
 * Compares two texts with the same measures and thresholds as dedupePassages: whether `copy`
 * is an exact copy, a quotation or a paraphrase of `original`, or null.
 */
export function compareTexts(copy: string, original: string): { kind: DuplicateKind; score: number } | null {
  const a = features(copy);
  const b = features(original);
  return classifyPair(a, b, b);
}

/** The raw measures behind compareTexts, for threshold sweeps in benchmarks. */
export function measureTexts(copy: string, original: string): { quote: number; bigrams: number; stems: number } {
  const a = features(copy);
  const b = features(original);
  return { quote: containment(a.shingles, b.shingles), bigrams: containment(a.bigrams, b.bigrams), stems: containment(a.stems, b.stems) };
}
