import { describe, expect, it } from 'vitest';
import { ingestCorpus } from '../../../lambdas/services/ingest-corpus.ts';
import { EmptyCorpusError } from '../../../lambdas/errors.ts';
import type { CorpusReader } from '../../../lambdas/ports/corpus-reader.ts';

/** An in-memory corpus whose files may fail to read. */
function memoryReader(files: Record<string, Uint8Array | Error>): CorpusReader {
  return {
    list: async () => Object.entries(files).map(([id, v]) => ({ id, size: v instanceof Error ? 10 : v.length })).sort((a, b) => a.id.localeCompare(b.id)),
    read: async (id) => {
      const v = files[id];
      if (v instanceof Error) throw v;
      return v;
    },
  };
}

const article = (title: string) =>
  new TextEncoder().encode(`${title}\n\nThe first paragraph of this article has enough words to count as real prose for the reader. It says something.\n`);

describe('ingestCorpus', () => {
  it('turns each bad file into one warning and keeps the good ones', async () => {
    // Prepare
    const unreadable = Object.assign(new Error('permission denied'), { code: 'EACCES' });
    const reader = memoryReader({
      'good.txt': article('A Good Article'),
      'empty.md': new Uint8Array(0),
      'notes.pdf': new TextEncoder().encode('%PDF'),
      'locked.txt': unreadable,
      'binary.html': new Uint8Array([0, 1, 2, 3, 0, 0]),
    });
    // Act
    const corpus = await ingestCorpus(reader);
    // Assess
    expect(corpus.sources.map((s) => s.id)).toEqual(['good.txt']);
    expect(corpus.warnings.map((w) => w.sourceId).sort()).toEqual(['binary.html', 'empty.md', 'locked.txt', 'notes.pdf']);
    expect(corpus.warnings.find((w) => w.sourceId === 'locked.txt')?.message).toBe('unreadable (EACCES)');
  });

  it('fails with EmptyCorpusError naming the problem when nothing usable remains', async () => {
    // Prepare
    const reader = memoryReader({ 'empty.txt': new Uint8Array(0) });
    // Act / Assess
    await expect(ingestCorpus(reader, { label: 'my-corpus' })).rejects.toThrow(EmptyCorpusError);
    await expect(ingestCorpus(reader, { label: 'my-corpus' })).rejects.toThrow(/no usable article in corpus 'my-corpus'.*empty\.txt: empty file/);
  });

  it('drops short blocks that recur in three or more sources as site furniture', async () => {
    // Prepare
    const withFooter = (t: string) => new TextEncoder().encode(`${t}\n\nA paragraph about ${t} long enough to be article prose for any reader who gets here.\n\nSupport our journalism with a small monthly gift today.\n`);
    const reader = memoryReader({ 'a.txt': withFooter('Apples Today'), 'b.txt': withFooter('Bridges Now'), 'c.txt': withFooter('Canals Again') });
    // Act
    const corpus = await ingestCorpus(reader);
    // Assess
    expect(corpus.passages.some((p) => p.text.includes('Support our journalism'))).toBe(false);
    expect(corpus.dropped.filter((d) => d.reason.startsWith('repeated across 3 documents'))).toHaveLength(3);
  });
});
