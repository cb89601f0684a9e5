/**
 * The incremental index: a build after new files costs those files, copies of held articles
 * are found wherever they sit, removed and edited files leave the index, and a crash while
 * writing leaves the previous index whole.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryCorpusReader } from '../../../lambdas/adapters/memory/memory-corpus-reader.ts';
import { MemoryIndexStore } from '../../../lambdas/adapters/memory/memory-index-store.ts';
import { copySources } from '../../../lambdas/domain/digest/build-digest.ts';
import { ingestCorpus } from '../../../lambdas/services/ingest-corpus.ts';
import { IndexSegmentMissingError } from '../../../lambdas/errors.ts';
import { loadCorpusWindow } from '../../../lambdas/services/load-corpus-window.ts';
import { updateCorpusIndex } from '../../../lambdas/services/update-corpus-index.ts';

const SEEDS = path.resolve(__dirname, '../../../../shared/seeds');
const seeds = () => readdirSync(SEEDS).sort().map((f) => [f, readFileSync(path.join(SEEDS, f))] as [string, Uint8Array]);
const NOW = new Date('2026-06-01T08:00:00Z');
const dated = (date: string, title: string, body: string) => `---\ndate: ${date}\n---\n${title}\n\n${body}\n`;
const BODY = [
  'Sleeper trains are returning to European railways as operators add routes between capitals and travellers look for alternatives to short flights across the continent.',
  'A new cross-border ticket lets passengers book a night train through three countries in one purchase, which rail campaigners had demanded for more than a decade.',
  'Critics warn that track access charges still make overnight services expensive to run, and that older carriages need replacing before the routes can grow further.',
].join('\n\n');

describe('updateCorpusIndex', () => {
  it('holds what a whole-corpus ingest holds', async () => {
    // Prepare
    const reader = new MemoryCorpusReader(seeds());
    const store = new MemoryIndexStore();
    // Act
    await updateCorpusIndex(reader, store, { now: NOW });
    const indexed = await loadCorpusWindow(store, null);
    const whole = await ingestCorpus(reader);
    // Assess
    const byId = (ps: typeof whole.passages) => [...ps].sort((a, b) => a.id.localeCompare(b.id)).map((p) => ({ id: p.id, text: p.text, sentences: p.sentences, heading: p.heading }));
    expect(byId(indexed.passages)).toEqual(byId(whole.passages));
    expect(indexed.merged.map((m) => `${m.passage.id}>${m.into}`).sort()).toEqual(whole.merged.map((m) => `${m.passage.id}>${m.into}`).sort());
    expect(copySources(indexed)).toEqual(copySources(whole));
  });

  it('ingests nothing and writes nothing when nothing changed', async () => {
    // Prepare
    const reader = new MemoryCorpusReader(seeds());
    const store = new MemoryIndexStore();
    await updateCorpusIndex(reader, store, { now: NOW });
    const files = new Map(store.files);
    // Act
    const { report } = await updateCorpusIndex(reader, store, { now: NOW });
    // Assess
    expect(report).toMatchObject({ added: [], changed: [], removed: [], extracted: 0, segmentsWritten: [] });
    expect(store.files).toEqual(files);
  });

  it('finds a copy of an article held months before, and never quotes it', async () => {
    // Prepare: the original in January, the copy in May, ingested apart
    const reader = new MemoryCorpusReader([['jan/original.txt', dated('2026-01-12', 'Night trains return', BODY)]]);
    const store = new MemoryIndexStore();
    await updateCorpusIndex(reader, store, { now: new Date('2026-01-12T09:00:00Z') });
    reader.set('may/filler.txt', dated('2026-05-28', 'Bees in the city', 'Urban beekeeping has grown fast as rooftop hives spread across city centres, and honey bees now pollinate parks and balconies alike.'));
    reader.set('may/repost.txt', dated('2026-05-29', 'Why sleeper trains are back', `Reposted from a rail blog.\n\n${BODY}`));
    // Act
    const { report } = await updateCorpusIndex(reader, store, { now: NOW });
    const week = await loadCorpusWindow(store, '2026-05-25');
    // Assess
    expect(report.added).toEqual(['may/filler.txt', 'may/repost.txt']);
    expect(report.extracted).toBe(2);
    expect(report.copies).toBe(1);
    expect(week.loaded).toEqual({ segments: 2, of: 3 });
    expect(week.sources.map((s) => s.id)).toEqual(['may/filler.txt', 'may/repost.txt']);
    expect(week.sources.find((s) => s.id === 'may/repost.txt')?.copyOf).toEqual([expect.objectContaining({ sourceId: 'jan/original.txt' })]);
    expect(copySources(week).has('may/repost.txt')).toBe(true);
    const all = await loadCorpusWindow(store, null);
    expect(all.sources.find((s) => s.id === 'jan/original.txt')?.duplicates).toEqual([expect.objectContaining({ sourceId: 'may/repost.txt' })]);
    expect(all.passages.filter((p) => p.sourceId === 'jan/original.txt').every((p) => p.duplicates.some((d) => d.sourceId === 'may/repost.txt'))).toBe(true);
  });

  it('drops a removed file and replaces an edited one', async () => {
    // Prepare
    const reader = new MemoryCorpusReader([
      ['a.txt', dated('2026-05-20', 'Night trains return', BODY)],
      ['b.txt', dated('2026-05-21', 'Bees in the city', 'Urban beekeeping has grown fast as rooftop hives spread across city centres, and honey bees now pollinate parks and balconies alike.')],
    ]);
    const store = new MemoryIndexStore();
    await updateCorpusIndex(reader, store, { now: NOW });
    // Act
    reader.delete('a.txt');
    reader.set('b.txt', dated('2026-05-21', 'Bees in the city', 'Wild bee species suffer when too many honey bee hives compete for the same flowers in small urban parks, ecologists warn.'));
    const { report } = await updateCorpusIndex(reader, store, { now: NOW });
    const corpus = await loadCorpusWindow(store, null);
    // Assess
    expect(report).toMatchObject({ removed: ['a.txt'], changed: ['b.txt'], extracted: 1 });
    expect(corpus.sources.map((s) => s.id)).toEqual(['b.txt']);
    expect(corpus.passages.map((p) => p.text).join(' ')).toContain('Wild bee species');
    expect(corpus.passages.map((p) => p.text).join(' ')).not.toContain('rooftop hives');
  });

  it('keeps the first-seen time of an undated article, from the sidecar or the first ingest', async () => {
    // Prepare
    const reader = new MemoryCorpusReader([
      ['undated.txt', `Night trains return\n\n${BODY}`],
      ['fetched.html', `<html><head><title>Bees</title></head><body><article><h1>Bees in the city</h1><p>Urban beekeeping has grown fast as rooftop hives spread across city centres, and honey bees now pollinate parks and balconies alike.</p></article></body></html>`],
      ['fetched.html.meta.json', JSON.stringify({ url: 'https://example.org/bees', fetchedAt: '2026-05-02T10:00:00Z' })],
    ]);
    const store = new MemoryIndexStore();
    await updateCorpusIndex(reader, store, { now: new Date('2026-05-10T09:00:00Z') });
    // Act: the undated file is copied over again (new version) a month later
    reader.set('undated.txt', `Night trains return\n\n${BODY}\n`);
    await updateCorpusIndex(reader, store, { now: NOW });
    const corpus = await loadCorpusWindow(store, null);
    // Assess
    const byId = new Map(corpus.sources.map((s) => [s.id, s]));
    expect(byId.get('undated.txt')).toMatchObject({ date: null, firstSeen: '2026-05-10T09:00:00.000Z' });
    expect(byId.get('fetched.html')).toMatchObject({ firstSeen: '2026-05-02T10:00:00.000Z' });
    expect((await loadCorpusWindow(store, '2026-05-05')).sources.map((s) => s.id)).toEqual(['undated.txt']);
  });

  it('dates a future-dated article today and warns', async () => {
    const reader = new MemoryCorpusReader([['future.txt', dated('2031-01-01', 'Night trains return', BODY)]]);
    const { report } = await updateCorpusIndex(reader, new MemoryIndexStore(), { now: NOW });
    expect(report.warnings).toEqual([{ sourceId: 'future.txt', message: 'dated 2031-01-01, in the future; treated as dated 2026-06-01' }]);
  });

  it('reads a window again from the newer manifest when an ingest replaces a segment mid-read', async () => {
    // Prepare: the build reads the manifest; before it reads the day's segment, an ingest of an
    // edited article writes the next generation and removes the segment the build was about to read
    const reader = new MemoryCorpusReader([['b.txt', dated('2026-05-21', 'Bees in the city', 'Urban beekeeping has grown fast as rooftop hives spread across city centres, and honey bees now pollinate parks and balconies alike.')]]);
    const store = new MemoryIndexStore();
    await updateCorpusIndex(reader, store, { now: NOW });
    reader.set('b.txt', dated('2026-05-21', 'Bees in the city', 'Wild bee species suffer when too many honey bee hives compete for the same flowers in small urban parks, ecologists warn.'));
    let ingestsDuringRead = 0;
    const racing = Object.assign(Object.create(store) as MemoryIndexStore, {
      read: async (name: string) => {
        if (name.startsWith('segments/') && ingestsDuringRead++ === 0) await updateCorpusIndex(reader, store, { now: NOW });
        return store.read(name);
      },
    });
    // Act
    const corpus = await loadCorpusWindow(racing, null);
    // Assess: the read saw the edit, once the first try found its segment gone
    expect(ingestsDuringRead).toBe(2);
    expect(corpus.passages.map((p) => p.text).join(' ')).toContain('Wild bee species');
  });

  it('says a segment is missing when the manifest that names it is still the newest', async () => {
    // Prepare: a segment file removed by hand
    const reader = new MemoryCorpusReader([['b.txt', dated('2026-05-21', 'Bees in the city', 'Urban beekeeping has grown fast as rooftop hives spread across city centres, and honey bees now pollinate parks and balconies alike.')]]);
    const store = new MemoryIndexStore();
    await updateCorpusIndex(reader, store, { now: NOW });
    const segment = [...store.files.keys()].find((name) => name.startsWith('segments/'))!;
    store.files.delete(segment);
    // Act
    const failed = await loadCorpusWindow(store, null).catch((e: unknown) => e);
    // Assess
    expect(failed).toBeInstanceOf(IndexSegmentMissingError);
    expect((failed as IndexSegmentMissingError).toLine()).toBe(`index segment ${segment} is missing; run 'newsletter ingest' again`);
  });

  it('leaves the previous index whole when a write fails mid-ingest', async () => {
    // Prepare
    const reader = new MemoryCorpusReader([['a.txt', dated('2026-01-12', 'Night trains return', BODY)]]);
    const store = new MemoryIndexStore();
    await updateCorpusIndex(reader, store, { now: NOW });
    const before = await loadCorpusWindow(store, null);
    reader.set('b.txt', dated('2026-05-29', 'Bees in the city', 'Urban beekeeping has grown fast as rooftop hives spread across city centres, and honey bees now pollinate parks and balconies alike.'));
    reader.delete('a.txt');
    store.failWritesAfter = 1;
    // Act
    const crashed = await updateCorpusIndex(reader, store, { now: NOW }).catch((e: Error) => e);
    const after = await loadCorpusWindow(store, null);
    // Assess
    expect(crashed).toBeInstanceOf(Error);
    expect(after.sources).toEqual(before.sources);
    expect(after.passages).toEqual(before.passages);
    // and the next ingest completes the change
    store.failWritesAfter = null;
    await updateCorpusIndex(reader, store, { now: NOW });
    expect((await loadCorpusWindow(store, null)).sources.map((s) => s.id)).toEqual(['b.txt']);
    expect([...store.files.keys()].filter((n) => n.startsWith('segments/'))).toHaveLength(1);
  });

  it('keeps only the files the manifest names, run after run', async () => {
    // Prepare
    const reader = new MemoryCorpusReader([['a.txt', dated('2026-01-12', 'Night trains return', BODY)]]);
    const store = new MemoryIndexStore();
    // Act: three ingests, each adding a day of another week
    await updateCorpusIndex(reader, store, { now: NOW });
    reader.set('b.txt', dated('2026-02-16', 'Bees in the city', 'Urban beekeeping has grown fast as rooftop hives spread across city centres, and honey bees now pollinate parks and balconies alike.'));
    await updateCorpusIndex(reader, store, { now: NOW });
    reader.set('a.txt', dated('2026-01-12', 'Night trains return', `${BODY}\n\nAn update: two more routes were announced.`));
    await updateCorpusIndex(reader, store, { now: NOW });
    // Assess
    expect(await store.list()).toEqual(['entries.g3.json', 'manifest.json', 'segments/2026-01-12.g3.json', 'segments/2026-02-16.g2.json', 'sketch/2026-W03.g3.bin', 'sketch/2026-W08.g2.bin']);
  });

  it('re-ingests everything when the ingesting code changes, keeping first-seen times', async () => {
    const reader = new MemoryCorpusReader([['undated.txt', `Night trains return\n\n${BODY}`]]);
    const store = new MemoryIndexStore();
    await updateCorpusIndex(reader, store, { now: new Date('2026-05-10T09:00:00Z'), fingerprint: 'a' });
    const { report } = await updateCorpusIndex(reader, store, { now: NOW, fingerprint: 'b' });
    const corpus = await loadCorpusWindow(store, null);
    expect(report).toMatchObject({ rebuilt: true, extracted: 1 });
    expect(corpus.sources[0].firstSeen).toBe('2026-05-10T09:00:00.000Z');
    expect([...store.files.keys()].filter((n) => n.startsWith('segments/'))).toHaveLength(1);
  });
});
