import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsCorpusReader } from '../../../lambdas/adapters/fs/fs-corpus-reader.ts';
import { readIndexFile, writeIndexFile } from '../../../lambdas/adapters/fs/index-file.ts';
import { loadThemes } from '../../../lambdas/adapters/fs/themes-file.ts';
import { buildDigest } from '../../../lambdas/domain/digest/build-digest.ts';
import { loadCorpusIndex, serializeCorpusIndex } from '../../../lambdas/domain/text/corpus-index.ts';
import { ingestCorpus } from '../../../lambdas/services/ingest-corpus.ts';

const ROOT = path.resolve(__dirname, '../../..');

describe('serialised corpus index', () => {
  it('round-trips through a file and gives the same digest as a fresh ingest', async () => {
    // Prepare
    const corpus = await ingestCorpus(new FsCorpusReader(path.join(ROOT, 'corpus')));
    const themes = await loadThemes(path.join(ROOT, 'themes.yaml'));
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'index-')), 'sub', 'corpus-index.json');
    const now = new Date('2026-11-24T00:00:00Z');
    // Act
    await writeIndexFile(file, serializeCorpusIndex(corpus, now));
    const loaded = loadCorpusIndex((await readIndexFile(file))!);
    // Assess
    expect(loaded.builtAt).toBe(now.toISOString());
    expect(loaded.corpus.passages).toEqual(corpus.passages);
    expect(loaded.corpus.merged.map((m) => m.passage.id)).toEqual(corpus.merged.map((m) => m.passage.id));
    for (const theme of themes) {
      expect(buildDigest(loaded.corpus, theme, { now, index: loaded.index })).toEqual(buildDigest(corpus, theme, { now }));
    }
  });

  it('refuses an index of another version and reads a missing file as null', async () => {
    expect(() => loadCorpusIndex('{"version":99}')).toThrow(/rebuild/);
    expect(await readIndexFile(path.join(os.tmpdir(), 'no-such-index.json'))).toBeNull();
  });
});
