/**
 * Ingest at scale: documents come from the cache when nothing changed (bytes, sidecar,
 * ingesting code), are extracted again when anything did, and the worker pool gives the
 * same results as extracting in this thread. Also the per-object extract service (AWS).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsDocumentCache } from '../../../lambdas/adapters/fs/fs-document-cache.ts';
import { MemoryCorpusWriter } from '../../../lambdas/adapters/memory/memory-corpus-writer.ts';
import { WorkerPoolExtractor } from '../../../lambdas/adapters/workers/worker-pool-extractor.ts';
import type { DocumentResult } from '../../../lambdas/domain/text/ingest-document.ts';
import type { CorpusReader } from '../../../lambdas/ports/corpus-reader.ts';
import type { DocumentCache } from '../../../lambdas/ports/document-cache.ts';
import { extractArticle } from '../../../lambdas/services/extract-article.ts';
import { ingestCorpus } from '../../../lambdas/services/ingest-corpus.ts';

const article = (title: string, extra = '') =>
  Buffer.from(`<html><head><title>${title}</title></head><body><article><h1>${title}</h1>${Array.from({ length: 4 }, (_, i) => `<p>${title}: paragraph ${i + 1} explains how the harbour was dredged and why the ferry company added a night crossing in the spring. ${extra}</p>`).join('')}</article></body></html>`);

function reader(files: Map<string, Uint8Array>): CorpusReader & { reads: number } {
  const r = {
    reads: 0,
    list: async () => [...files.entries()].map(([id, b]) => ({ id, size: b.length })).sort((a, b) => a.id.localeCompare(b.id)),
    read: async (id: string) => {
      r.reads++;
      return files.get(id)!;
    },
  };
  return r;
}

class CountingCache implements DocumentCache {
  readonly map = new Map<string, string>();
  puts = 0;
  async get(key: string) {
    const v = this.map.get(key);
    return v ? (JSON.parse(v) as DocumentResult) : null;
  }
  async put(key: string, r: DocumentResult) {
    this.puts++;
    this.map.set(key, JSON.stringify(r));
  }
}

describe('ingest with the document cache', () => {
  it('extracts nothing again when nothing changed, and only the changed file after an edit', async () => {
    // Prepare
    const files = new Map([['a.html', article('Harbour')], ['b.html', article('Ferries')]]);
    const cache = new CountingCache();
    const first = await ingestCorpus(reader(files), { cache, codeFingerprint: 'v1' });
    // Act
    const second = await ingestCorpus(reader(files), { cache, codeFingerprint: 'v1' });
    files.set('b.html', article('Ferries', 'A late change.'));
    const third = await ingestCorpus(reader(files), { cache, codeFingerprint: 'v1' });
    const newCode = await ingestCorpus(reader(files), { cache, codeFingerprint: 'v2' });
    // Assess
    expect(first.stats).toMatchObject({ cached: 0, extracted: 2 });
    expect(second.stats).toMatchObject({ cached: 2, extracted: 0 });
    expect(second.passages).toEqual(first.passages);
    expect(third.stats).toMatchObject({ cached: 1, extracted: 1 });
    expect(third.passages.some((p) => p.text.includes('A late change.'))).toBe(true);
    expect(newCode.stats).toMatchObject({ cached: 0, extracted: 2 });
  });

  it('re-extracts when a sidecar changes', async () => {
    const files = new Map<string, Uint8Array>([['a.html', article('Harbour')], ['a.html.meta.json', Buffer.from('{"author":"One"}')]]);
    const cache = new CountingCache();
    await ingestCorpus(reader(files), { cache });
    files.set('a.html.meta.json', Buffer.from('{"author":"Two"}'));
    const after = await ingestCorpus(reader(files), { cache });
    expect(after.stats).toMatchObject({ cached: 0, extracted: 1 });
    expect(after.sources[0].author).toBe('Two');
  });

  it('keeps working when the cache holds a damaged entry or cannot be written', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'doc-cache-'));
    const cache = new FsDocumentCache(dir);
    const files = new Map([['a.html', article('Harbour')]]);
    const first = await ingestCorpus(reader(files), { cache });
    const broken: DocumentCache = { get: async () => null, put: async () => Promise.reject(new Error('disk full')) };
    const again = await ingestCorpus(reader(files), { cache: broken });
    expect(again.passages).toEqual(first.passages);
    expect(await cache.get('0'.repeat(64))).toBeNull();
  });

  it('gives the same corpus from the worker pool as from this thread', async () => {
    // Prepare
    const files = new Map(Array.from({ length: 6 }, (_, i) => [`p${i}.html`, article(`Story ${i}`)] as [string, Uint8Array]));
    // Act
    const single = await ingestCorpus(reader(files));
    const pooled = await ingestCorpus(reader(files), { parallel: { extractor: new WorkerPoolExtractor(2), minJobs: 1 } });
    // Assess
    expect(pooled.stats?.parallel).toBe(true);
    expect(pooled.sources).toEqual(single.sources);
    expect(pooled.passages).toEqual(single.passages);
  }, 60_000);
});

describe('extractArticle (one object, as the S3 put Lambda runs it)', () => {
  it('extracts a page into the cache once, again when its sidecar lands, and ignores collector state', async () => {
    // Prepare
    const corpus = new MemoryCorpusWriter();
    const cache = new CountingCache();
    await corpus.write('site/a.html', article('Harbour'), 'text/html');
    // Act
    const first = await extractArticle({ corpus, cache }, 'site/a.html');
    const repeat = await extractArticle({ corpus, cache }, 'site/a.html');
    await corpus.write('site/a.html.meta.json', Buffer.from('{"author":"Ines"}'), 'application/json');
    const afterSidecar = await extractArticle({ corpus, cache }, 'site/a.html.meta.json');
    const state = await extractArticle({ corpus, cache }, '.collect/feeds.json');
    const gone = await extractArticle({ corpus, cache }, 'site/missing.html');
    // Assess
    expect(first).toEqual({ id: 'site/a.html', cached: false, sourceKept: true });
    expect(repeat).toMatchObject({ cached: true });
    expect(afterSidecar).toMatchObject({ id: 'site/a.html', cached: false });
    expect(state).toBeNull();
    expect(gone).toBeNull();
    // the index build then finds both documents cached
    const files = new Map([...corpus.files.entries()]);
    const built = await ingestCorpus(reader(files), { cache });
    expect(built.stats).toMatchObject({ cached: 1, extracted: 0 });
    expect(built.sources[0].author).toBe('Ines');
  });
});
