/**
 * One passage, one issue: when two themes' issues of the same week would quote the same
 * passage (or two copies of it), the theme for which it scores higher, relative to that
 * theme's best passage, keeps it and the other theme picks again. Pure: a function of the
 * corpus and the active themes, so the preview and the sent issue agree. Being pure, it is
 * remembered per corpus object and themes: the preview asks for it on every page view.
 */
import type { Corpus, Theme } from '../types.ts';
import { buildDigest } from './build-digest.ts';
import type { SearchIndex } from './search-index.ts';

/** Rounds of re-picking: a theme that loses a passage may pick one another theme holds. */
const ROUNDS = 4;

/** Results per corpus object, by themes and exclusions (a few, newest last). */
const remembered = new WeakMap<Corpus, Map<string, Map<string, Set<string>>>>();
const REMEMBERED_PER_CORPUS = 4;

/**
 * The passages each theme must leave to another theme.
 * @param themes every theme; paused ones send nothing and claim nothing
 * @returns theme id -> passage ids kept by other themes
 */
export function crossThemeExclusions(corpus: Corpus, themes: Theme[], opts: { now: Date; index: SearchIndex; exclude?: Map<string, Set<string>> }): Map<string, Set<string>> {
  const active = themes.filter((t) => !t.paused);
  const key = JSON.stringify([active, [...(opts.exclude ?? [])].map(([id, set]) => [id, [...set].sort()])]);
  let byKey = remembered.get(corpus);
  if (!byKey) remembered.set(corpus, (byKey = new Map()));
  let taken = byKey.get(key);
  if (!taken) {
    taken = compute(corpus, active, opts);
    byKey.set(key, taken);
    if (byKey.size > REMEMBERED_PER_CORPUS) byKey.delete(byKey.keys().next().value!);
  }
  // Callers get their own sets, so the remembered ones stay as computed.
  return new Map([...taken].map(([id, set]) => [id, new Set(set)]));
}

/** The re-picking rounds themselves (`now` only stamps the digests, it does not rank). */
function compute(corpus: Corpus, active: Theme[], opts: { now: Date; index: SearchIndex; exclude?: Map<string, Set<string>> }): Map<string, Set<string>> {
  const taken = new Map(active.map((t) => [t.id, new Set<string>()]));
  const groupOf = new Map(corpus.passages.map((p) => [p.id, p.groupId ?? p.id]));
  for (let round = 0; round < ROUNDS; round++) {
    // Each theme's picks, with their score relative to the theme's best.
    const claims = new Map<string, { themeId: string; relative: number; passageId: string }[]>();
    for (const t of active) {
      const d = buildDigest(corpus, t, { now: opts.now, index: opts.index, excludePassageIds: opts.exclude?.get(t.id), takenByOtherThemes: taken.get(t.id) });
      const top = d.excerpts.reduce((m, e) => Math.max(m, e.score), 0) || 1;
      for (const e of d.excerpts) {
        const key = groupOf.get(e.id) ?? e.id;
        if (!claims.has(key)) claims.set(key, []);
        claims.get(key)!.push({ themeId: t.id, relative: e.score / top, passageId: e.id });
      }
    }
    let changed = false;
    for (const [key, list] of claims) {
      if (list.length < 2) continue;
      const owner = [...list].sort((a, b) => b.relative - a.relative || a.themeId.localeCompare(b.themeId))[0];
      const ids = corpus.passages.filter((p) => (p.groupId ?? p.id) === key).map((p) => p.id);
      for (const c of list) {
        if (c.themeId === owner.themeId) continue;
        const set = taken.get(c.themeId)!;
        for (const id of ids) if (!set.has(id)) (set.add(id), (changed = true));
      }
    }
    if (!changed) break;
  }
  return taken;
}
