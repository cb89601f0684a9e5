/**
 * The theme's own cut (theme-cut.ts): it rises above the model's cut only while the issue
 * stays as full and keeps a second source, to the issue whose passages weigh most.
 */
import { describe, expect, it } from 'vitest';
import { themeCut, type RiseView } from '../../../lambdas/domain/relevance/theme-cut.ts';
import { simulatedIssue } from '../../../lambdas/domain/relevance/train.ts';

interface Candidate {
  id: string;
  p: number;
  source: string;
}

const view: RiseView<Candidate> = { probability: (c) => c.p, weight: (c) => c.p, source: (c) => c.source };

/** Candidates from `id:p` pairs (the source is the id's first letter), best first. */
function candidates(...pairs: string[]): Candidate[] {
  return pairs.map((s) => {
    const [id, p] = s.split(':');
    return { id, p: Number(p), source: id[0] };
  }).sort((a, b) => b.p - a.p);
}

/** The theme's cut over simulated issues, with the ids shown. */
function rise(list: Candidate[], floor: number): { cut: number; ids: string[]; issuesBuilt: number } {
  let issuesBuilt = 0;
  const issueAt = (cut: number) => {
    issuesBuilt++;
    return simulatedIssue(list.filter((c) => c.p >= cut));
  };
  const r = themeCut(list.map((c) => c.p), floor, issueAt, view);
  return { cut: r.cut, ids: r.shown.map((c) => c.id).sort(), issuesBuilt };
}

describe('the theme\'s cut', () => {
  it('rises past a third source\'s weak passage when the issue stays full, keeping a second source', () => {
    // Prepare: five sure passages in a, weak ones in b and c just over the floor
    const list = candidates('a1:0.99', 'a2:0.98', 'a3:0.97', 'a4:0.96', 'a5:0.95', 'b1:0.6', 'c1:0.5');
    // Act
    const r = rise(list, 0.45);
    // Assess: c1 goes; b1 stays, so the issue is not one source
    expect(r.ids).toEqual(['a1', 'a2', 'a3', 'a4', 'b1']);
    expect(r.cut).toBe(0.6);
  });

  it('never shrinks the issue: with only five candidates it stays at the floor', () => {
    // Prepare
    const list = candidates('a1:0.99', 'a2:0.98', 'a3:0.97', 'b1:0.6', 'c1:0.5');
    // Act
    const r = rise(list, 0.45);
    // Assess
    expect(r.cut).toBe(0.45);
    expect(r.ids).toEqual(['a1', 'a2', 'a3', 'b1', 'c1']);
  });

  it('never narrows an issue to one source when the floor gave it two', () => {
    // Prepare: b's only passage is the weakest
    const list = candidates('a1:0.99', 'a2:0.98', 'a3:0.97', 'a4:0.96', 'a5:0.95', 'b1:0.5');
    // Act
    const r = rise(list, 0.45);
    // Assess
    expect(r.cut).toBe(0.45);
    expect(new Set(r.ids.map((id) => id[0]))).toEqual(new Set(['a', 'b']));
  });

  it('keeps a one-source issue one source (nothing else is above the floor)', () => {
    // Prepare
    const list = candidates('a1:0.9', 'a2:0.8', 'a3:0.7', 'a4:0.6', 'a5:0.5', 'a6:0.46');
    // Act
    const r = rise(list, 0.45);
    // Assess: the issue is as it was: the five best of a
    expect(r.ids).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
  });

  it('keeps the floor on a tie, and never falls below it', () => {
    // Prepare: equal passages everywhere; one below the floor
    const list = candidates('a1:0.7', 'a2:0.7', 'b1:0.7', 'b2:0.7', 'c1:0.7', 'c2:0.7', 'd1:0.3');
    // Act
    const r = rise(list, 0.45);
    // Assess
    expect(r.cut).toBe(0.45);
    expect(r.ids).not.toContain('d1');
  });

  it('leaves a theme nothing covers empty, building one issue only', () => {
    // Prepare: every candidate below the floor
    const list = candidates('a1:0.4', 'b1:0.3');
    // Act
    const r = rise(list, 0.45);
    // Assess
    expect(r.ids).toEqual([]);
    expect(r.cut).toBe(0.45);
    expect(r.issuesBuilt).toBe(1);
  });

  it('ignores probabilities that are not numbers and handles no candidates', () => {
    // Prepare
    const issueAt = () => [] as Candidate[];
    // Act
    const none = themeCut([], 0.45, issueAt, view);
    const odd = themeCut([Number.NaN, 0.2], 0.45, issueAt, view);
    // Assess
    expect(none).toEqual({ cut: 0.45, shown: [] });
    expect(odd.cut).toBe(0.45);
  });
});
