/**
 * Text analysis for ranking, summaries and deduplication: word tokens (lower-cased, Unicode
 * letters and digits, inner hyphens and apostrophes split), English stop words removed
 * (the `stopword` package's list) and Porter stems (the `stemmer` package).
 */
import { stemmer } from 'stemmer';
import { eng } from 'stopword';

// The package's English list is short; add the remaining function words of the Snowball list.
const EXTRA_STOP = 'its itself it\'s what\'s whom whose why yours yourself ourselves themselves herself she hers does doing having above below against during off once few nor not no own so just don should now ve ll re isn aren wasn weren hasn haven hadn doesn didn won wouldn shan shouldn mustn couldn upon unto via per among within without until whether either neither yet may shall says us one two'.split(' ');
const STOP = new Set<string>([...eng, ...EXTRA_STOP]);
// "us" as a pronoun is a stop word; "US" the country is kept by tokenize() before lower-casing.
const TOKEN = /[\p{L}\p{N}]+/gu;

/** Lower-cased word tokens in order ("Sino-Russian" -> "sino", "russian"; the country "US" -> "usa"). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const raw = m[0];
    // Keep the country "US"/"U.S." distinct from the pronoun "us".
    out.push(raw === 'US' ? 'usa' : raw.toLowerCase());
  }
  return out;
}

const stemCache = new Map<string, string>();

/** Porter stem of one lower-cased token (cached). */
export function stem(token: string): string {
  let s = stemCache.get(token);
  if (s === undefined) {
    s = /^\d+$/.test(token) ? token : stemmer(token);
    if (stemCache.size > 200_000) stemCache.clear();
    stemCache.set(token, s);
  }
  return s;
}

/** Whether a lower-cased token is an English stop word. */
export function isStopWord(token: string): boolean {
  return STOP.has(token);
}

/** Stemmed tokens without stop words and one-letter tokens, in order. */
export function analyze(text: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(text)) {
    if (t.length < 2 || STOP.has(t)) continue;
    out.push(stem(t));
  }
  return out;
}
