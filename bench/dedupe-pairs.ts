/**
 * Builds the labelled pair set for dedupe thresholds from the BBC benchmark articles: per
 * article, its longest paragraph against an exact copy, a quotation with a blogger's lead-in,
 * a partial quotation, a synonym-spun paraphrase, and (negatives) the longest paragraph of
 * another article on the same topic and a spun paragraph of another article.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitSentences } from '../lambdas/domain/text/sentences.ts';
import { seededRandom, spin } from './spin.ts';

export type PairLabel = 'exact' | 'quote' | 'paraphrase' | 'none';
export interface LabelledPair {
  copy: string;
  original: string;
  label: PairLabel;
  note: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** Builds the pairs from up to `perTopic` articles of each BBC topic. */
export function buildPairs(perTopic = 8): LabelledPair[] {
  const root = [path.resolve(here, '../../shared/bench/bbc-news-summary/article'), path.resolve(here, '../shared/bench/bbc-news-summary/article')].find(existsSync);
  if (!root) throw new Error('../shared/bench/bbc-news-summary not found');
  const rnd = seededRandom(11);
  const pairs: LabelledPair[] = [];
  for (const topic of readdirSync(root).sort()) {
    const longest = readdirSync(path.join(root, topic)).sort().slice(0, perTopic).map((f) => {
      const paras = readFileSync(path.join(root, topic, f), 'utf8').split(/\n\s*\n/).slice(1).map((p) => p.split('\n').map((l) => l.trim()).join(' ').trim());
      return { id: `${topic}/${f}`, text: paras.reduce((a, b) => (b.length > a.length ? b : a), '') };
    });
    longest.forEach((a, i) => {
      const other = longest[(i + 1) % longest.length];
      const sentences = splitSentences(a.text);
      pairs.push({ copy: a.text, original: a.text, label: 'exact', note: `${a.id} reposted` });
      pairs.push({ copy: `I had to share this with everyone on my list: "${a.text}" Read the whole thing.`, original: a.text, label: 'quote', note: `${a.id} quoted with a lead-in` });
      if (sentences.length >= 3) pairs.push({ copy: `As the report puts it, "${sentences.slice(0, Math.ceil(sentences.length / 2)).join(' ')}" That says it all.`, original: a.text, label: 'quote', note: `${a.id} first half quoted` });
      pairs.push({ copy: spin(a.text, 0.7, rnd, 0.15), original: a.text, label: 'paraphrase', note: `${a.id} lightly spun` });
      pairs.push({ copy: spin(a.text, 0.9, rnd, 0.35), original: a.text, label: 'paraphrase', note: `${a.id} heavily spun` });
      pairs.push({ copy: other.text, original: a.text, label: 'none', note: `${other.id} vs ${a.id}, same topic` });
      pairs.push({ copy: spin(other.text, 0.7, rnd, 0.15), original: a.text, label: 'none', note: `${other.id} spun vs ${a.id}` });
      const third = longest[(i + 2) % longest.length];
      pairs.push({ copy: third.text, original: a.text, label: 'none', note: `${third.id} vs ${a.id}, same topic` });
    });
  }
  return pairs;
}
