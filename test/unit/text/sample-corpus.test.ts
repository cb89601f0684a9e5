import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsCorpusReader } from '../../../lambdas/adapters/fs/fs-corpus-reader.ts';
import { ingestCorpus } from '../../../lambdas/services/ingest-corpus.ts';

const CORPUS = path.resolve(__dirname, '../../../corpus');

describe('ingesting the sample corpus (the seed articles, raw)', async () => {
  // Prepare / Act (one ingest for the whole story)
  const corpus = await ingestCorpus(new FsCorpusReader(CORPUS));
  const kept = [...corpus.passages.map((p) => p.text), ...corpus.merged.map((m) => m.passage.text)].join('\n');

  it('keeps every seed as a source with a sensible title', () => {
    expect(corpus.sources).toHaveLength(5);
    for (const s of corpus.sources) {
      expect(s.title.length).toBeGreaterThan(10);
      expect(s.title).not.toMatch(/^(home|news|\d)/i);
    }
  });

  it('infers the dates the articles print', () => {
    const dated = corpus.sources.filter((s) => s.date).map((s) => s.date);
    expect(dated.length).toBeGreaterThanOrEqual(3);
    for (const d of dated) expect(d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('keeps no comment form, sidebar, view counter, caption, share line or notes', () => {
    for (const junk of [/Submit a Comment/i, /email address will not be published/i, /LATEST CONTENT/, /\d+views/, /Bookmark the permalink/i, /Comments are closed/i, /AP\/Scanpix/, /Ibid\./, /Filed under/i]) {
      expect(kept).not.toMatch(junk);
    }
  });

  it('leaves no footnote marker glued to a word', () => {
    for (const p of corpus.passages) {
      expect(p.text).not.toMatch(/[a-z][.!?]["']?\d{1,3}(\s+[A-Z]|$)/);
      expect(p.text).not.toMatch(/^\d{1,3} [A-Z]/);
    }
  });

  it('gives every passage sentences that stand in its text', () => {
    for (const p of corpus.passages) {
      expect(p.sentences.length).toBeGreaterThan(0);
      for (const s of p.sentences) expect(p.text).toContain(s);
    }
  });
});
