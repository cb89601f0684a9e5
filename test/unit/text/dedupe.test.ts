import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsCorpusReader } from '../../../lambdas/adapters/fs/fs-corpus-reader.ts';
import { buildCorpus } from '../../../lambdas/domain/text/build-corpus.ts';
import { ingestDocument } from '../../../lambdas/domain/text/ingest-document.ts';
import { ingestCorpus } from '../../../lambdas/services/ingest-corpus.ts';

const ORIGINAL = [
  'July 1, 2020',
  'Harbour Towns and the Ferry Contract',
  'Three harbour towns on the north coast have agreed to share a single ferry operator from next spring, ending a decade of competing timetables that left travellers stranded on winter evenings.',
  'The councils expect the joint contract to cut running costs by a fifth, money they say will go into newer boats and longer opening hours for the ticket offices on the quays.',
  'Ferry crews welcomed the plan but warned that the new operator must keep the smaller crossings, which carry schoolchildren and nurses to the islands every morning.',
].join('\n\n');

const doc = (id: string, text: string) => ingestDocument(id, new TextEncoder().encode(text));

describe('dedupePassages', () => {
  it('merges a verbatim repost into the dated original and records it on the source', () => {
    // Prepare
    const repost = ORIGINAL.replace('July 1, 2020', 'August 3, 2020').replace('Harbour Towns and the Ferry Contract', 'Reposted: ferries');
    // Act
    const corpus = buildCorpus([doc('b-repost.txt', repost), doc('a-original.txt', ORIGINAL)]);
    // Assess
    expect(corpus.passages.every((p) => p.sourceId === 'a-original.txt')).toBe(true);
    expect(corpus.merged.map((m) => m.kind)).toEqual(['exact', 'exact', 'exact']);
    expect(corpus.sources.find((s) => s.id === 'a-original.txt')?.duplicates).toEqual([{ sourceId: 'b-repost.txt', kind: 'exact', score: 1 }]);
    const kept = corpus.passages[0];
    expect(kept.groupId).toBeDefined();
    expect(kept.duplicates[0]).toMatchObject({ sourceId: 'b-repost.txt', kind: 'exact' });
  });

  it('recognises a quotation with the blogger\'s own lead-in as a quote', () => {
    // Prepare
    const blog = `My Thoughts\n\nI read this and had to share it with everyone on my list: "Three harbour towns on the north coast have agreed to share a single ferry operator from next spring, ending a decade of competing timetables that left travellers stranded on winter evenings."\n\nWhat a time to be alive, and what a long wait it has been for everyone who takes the boat.`;
    // Act
    const corpus = buildCorpus([doc('original.txt', ORIGINAL), doc('blog.txt', blog)]);
    // Assess
    expect(corpus.merged.map((m) => [m.passage.sourceId, m.kind])).toEqual([['blog.txt', 'quote']]);
    expect(corpus.passages.some((p) => p.sourceId === 'blog.txt' && p.text.startsWith('What a time'))).toBe(true);
  });

  it('recognises a word-swapped paraphrase', () => {
    // Prepare
    const spun = [
      'Ferries Shared',
      'Three harbour towns on the northern coast have decided to share one ferry company from next spring, ending ten years of rival timetables that left passengers stranded on winter nights.',
      'The councils expect the shared contract to reduce running costs by a fifth, money they say will go into modern boats and longer opening times for the ticket offices on the quays.',
    ].join('\n\n');
    // Act
    const corpus = buildCorpus([doc('original.txt', ORIGINAL), doc('spun.txt', spun)]);
    // Assess
    expect(corpus.merged.map((m) => m.kind)).toEqual(['paraphrase', 'paraphrase']);
    expect(corpus.passages.every((p) => p.sourceId === 'original.txt')).toBe(true);
  });

  it('keeps different articles on the same subject apart', () => {
    // Prepare
    const other = [
      'Island Ferries Face Strikes',
      'Ferry crews on the northern routes voted to strike next month over pay, a move that could leave island schools without teachers and shops without fresh food for several days.',
      'The operator said it would run a reduced timetable with managers on the bridge, but unions called the plan unsafe and asked the coastguard to inspect the boats.',
    ].join('\n\n');
    // Act
    const corpus = buildCorpus([doc('original.txt', ORIGINAL), doc('other.txt', other)]);
    // Assess
    expect(corpus.merged).toEqual([]);
    expect(corpus.passages).toHaveLength(5);
  });
});

describe('dedupe on the sample corpus', () => {
  it('reports the blog repost and the spun copy as duplicates of the original analysis, and nothing else', async () => {
    // Act
    const corpus = await ingestCorpus(new FsCorpusReader(path.resolve(__dirname, '../../../corpus')));
    // Assess
    const original = corpus.sources.find((s) => s.duplicates.length > 0)!;
    expect(original.date).toBe('2020-07-01');
    expect(original.duplicates.map((d) => d.sourceId).sort()).toEqual(['000_74600141cb067404.txt', '001_2b52c2fe43a5a42d.txt']);
    expect(corpus.sources.filter((s) => s.duplicates.length > 0)).toHaveLength(1);
    for (const m of corpus.merged) expect(m.into.startsWith(original.id)).toBe(true);
  });
});
