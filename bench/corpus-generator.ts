/**
 * Generates a large corpus with mostly unique text for scale benchmarks: a word trigram
 * model trained on the BBC benchmark articles and the sample corpus writes articles of a few
 * paragraphs each; a known share is then planted as exact copies and as spun copies
 * (synonym swaps) of earlier articles, so dedupe recall at scale can be measured.
 * The corpus is served from memory through the CorpusReader port.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CorpusReader } from '../lambdas/ports/corpus-reader.ts';
import { seededRandom, spin } from './spin.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export function trainingTexts(): string[] {
  const texts: string[] = [];
  const bbc = [path.resolve(here, '../../shared/bench/bbc-news-summary/article'), path.resolve(here, '../shared/bench/bbc-news-summary/article')].find(existsSync);
  if (bbc) for (const topic of readdirSync(bbc)) for (const f of readdirSync(path.join(bbc, topic))) texts.push(readFileSync(path.join(bbc, topic, f), 'utf8'));
  const corpus = path.resolve(here, '../corpus');
  for (const f of readdirSync(corpus)) texts.push(readFileSync(path.join(corpus, f), 'utf8'));
  return texts;
}

/** A word bigram model: w -> next words (a bigram mixes sources enough that long runs are rarely copied). */
export function train(texts: string[]): Map<string, string[]> {
  const model = new Map<string, string[]>();
  for (const t of texts) {
    const words = ['<s>', ...t.replace(/\s+/g, ' ').split(' ').filter(Boolean)];
    for (let i = 1; i < words.length; i++) {
      const key = words[i - 1];
      let next = model.get(key);
      if (!next) model.set(key, (next = []));
      next.push(words[i]);
    }
  }
  return model;
}

export function sentence(model: Map<string, string[]>, rnd: () => number): string {
  let b = '<s>';
  const out: string[] = [];
  for (let i = 0; i < 40; i++) {
    const next = model.get(b);
    if (!next) break;
    const w = next[Math.floor(rnd() * next.length)];
    out.push(w);
    if (/[.!?]["']?$/.test(w) && out.length > 8) break;
    b = w;
  }
  let s = out.join(' ');
  if (!/[.!?]["']?$/.test(s)) s += '.';
  return s[0] ? s[0].toUpperCase() + s.slice(1) : s;
}

export interface GeneratedCorpus {
  reader: CorpusReader;
  files: Map<string, string>;
  /** Planted copies: copy file id -> original file id and how it was made. */
  planted: { copy: string; original: string; kind: 'exact' | 'paraphrase' }[];
}

/**
 * Generates a corpus.
 * @param opts articles (count), seed, exactShare and spunShare (of articles planted as copies)
 */
export function generateCorpus(opts: { articles: number; seed: number; exactShare?: number; spunShare?: number }): GeneratedCorpus {
  const rnd = seededRandom(opts.seed);
  const model = train(trainingTexts());
  const files = new Map<string, string>();
  const planted: GeneratedCorpus['planted'] = [];
  const exactShare = opts.exactShare ?? 0.03;
  const spunShare = opts.spunShare ?? 0.03;
  const bodies: string[] = [];
  for (let i = 0; i < opts.articles; i++) {
    const id = `gen/${String(i).padStart(5, '0')}.txt`;
    const day = new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString().slice(0, 10);
    const r = rnd();
    if (i > 10 && r < exactShare + spunShare) {
      const j = Math.floor(rnd() * (bodies.length - 1));
      const original = `gen/${String(j).padStart(5, '0')}.txt`;
      const kind = r < exactShare ? 'exact' : 'paraphrase';
      const body = kind === 'exact' ? bodies[j] : spin(bodies[j], 0.6, rnd);
      files.set(id, `---\ndate: ${day}\n---\nCopy ${i} of an earlier story\n\n${body}\n`);
      planted.push({ copy: id, original, kind });
      bodies.push(body);
      continue;
    }
    const paragraphs = Array.from({ length: 3 + Math.floor(rnd() * 4) }, () => Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => sentence(model, rnd)).join(' '));
    const body = paragraphs.join('\n\n');
    bodies.push(body);
    files.set(id, `---\ndate: ${day}\n---\nStory number ${i} of the generated corpus\n\n${body}\n`);
  }
  const encoder = new TextEncoder();
  const reader: CorpusReader = {
    list: async () => [...files.keys()].sort().map((id) => ({ id, size: files.get(id)!.length })),
    read: async (id) => encoder.encode(files.get(id)!),
  };
  return { reader, files, planted };
}
