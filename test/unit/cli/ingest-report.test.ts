import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsCorpusReader } from '../../../lambdas/adapters/fs/fs-corpus-reader.ts';
import { formatIngestReport, ingestReport } from '../../../lambdas/cli/ingest-report.ts';
import type { Corpus } from '../../../lambdas/domain/types.ts';
import { ingestCorpus } from '../../../lambdas/services/ingest-corpus.ts';

const ROOT = path.resolve(__dirname, '../../..');

/** What each source's lists must hold: its own items, in the corpus's order. */
function expectedLists(corpus: Corpus, id: string) {
  return {
    kept: corpus.passages.filter((p) => p.sourceId === id).map((p) => p.id),
    dropped: corpus.dropped.filter((d) => d.sourceId === id).map((d) => d.text),
    merged: corpus.merged.filter((m) => m.passage.sourceId === id).map((m) => m.passage.id),
  };
}

describe('ingest report', () => {
  it("lists under each source exactly its own passages, dropped blocks and merges, in the corpus's order", async () => {
    // Prepare: the sample corpus, with its lists reversed so that sources interleave.
    const ingested = await ingestCorpus(new FsCorpusReader(path.join(ROOT, 'corpus')));
    const corpus: Corpus = { ...ingested, passages: [...ingested.passages].reverse(), dropped: [...ingested.dropped].reverse(), merged: [...ingested.merged].reverse() };
    // Act
    const report = ingestReport(corpus);
    // Assess
    expect(report.sources.map((s) => s.id)).toEqual(corpus.sources.map((s) => s.id));
    for (const s of report.sources) {
      expect({ kept: s.kept.map((p) => p.id), dropped: s.dropped.map((d) => d.text), merged: s.merged.map((m) => m.id) }).toEqual(expectedLists(corpus, s.id));
    }
    const t = report.totals;
    expect([t.passages, t.dropped, t.merged]).toEqual([corpus.passages.length, corpus.dropped.length, corpus.merged.length]);
    // The sample corpus has each kind, so every list was exercised.
    expect(t.dropped).toBeGreaterThan(0);
    expect(t.merged).toBeGreaterThan(0);
  });

  it('gives a source with nothing kept, dropped or merged empty lists, and the text report says so', async () => {
    // Prepare: one source whose passages are all gone.
    const ingested = await ingestCorpus(new FsCorpusReader(path.join(ROOT, 'corpus')));
    const emptyId = ingested.sources[0].id;
    const corpus: Corpus = {
      ...ingested,
      passages: ingested.passages.filter((p) => p.sourceId !== emptyId),
      dropped: ingested.dropped.filter((d) => d.sourceId !== emptyId),
      merged: ingested.merged.filter((m) => m.passage.sourceId !== emptyId),
    };
    // Act
    const report = ingestReport(corpus);
    const text = formatIngestReport(report);
    // Assess
    const empty = report.sources.find((s) => s.id === emptyId)!;
    expect([empty.kept, empty.dropped, empty.merged]).toEqual([[], [], []]);
    expect(text).toContain(`${emptyId}\n  title: ${empty.title}`);
    expect(text).toContain('kept 0 passage(s), dropped 0 block(s), merged 0 as duplicates');
  });
});
