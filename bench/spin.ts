/**
 * A deterministic "article spinner" for dedupe measurements: swaps words for synonyms the
 * way content-spinning tools do, so paraphrase detection is measured on realistic copies.
 */

const PAIRS: [string, string][] = [
  ['said', 'stated'], ['big', 'large'], ['large', 'big'], ['small', 'little'], ['increase', 'rise'], ['rise', 'increase'],
  ['company', 'firm'], ['firm', 'company'], ['buy', 'purchase'], ['sell', 'trade'], ['help', 'assist'], ['show', 'demonstrate'],
  ['start', 'begin'], ['begin', 'start'], ['end', 'finish'], ['government', 'administration'], ['country', 'nation'], ['nation', 'country'],
  ['people', 'individuals'], ['important', 'significant'], ['significant', 'important'], ['new', 'fresh'], ['old', 'former'],
  ['year', 'twelvemonth'], ['years', 'years'], ['market', 'marketplace'], ['price', 'cost'], ['prices', 'costs'], ['plan', 'scheme'],
  ['plans', 'schemes'], ['expect', 'anticipate'], ['expected', 'anticipated'], ['also', 'additionally'], ['however', 'nonetheless'],
  ['but', 'yet'], ['many', 'numerous'], ['most', 'majority of'], ['growth', 'expansion'], ['profit', 'earnings'], ['profits', 'earnings'],
  ['report', 'account'], ['reported', 'announced'], ['announced', 'declared'], ['told', 'informed'], ['major', 'key'], ['key', 'major'],
  ['military', 'armed forces'], ['cooperation', 'collaboration'], ['relations', 'ties'], ['agreement', 'accord'], ['deal', 'agreement'],
  ['use', 'employ'], ['used', 'employed'], ['near', 'close to'], ['concerned', 'worried'], ['possible', 'potential'], ['future', 'coming'],
  ['develop', 'build up'], ['development', 'advancement'], ['leaders', 'heads'], ['leader', 'head'], ['officials', 'authorities'],
  ['game', 'match'], ['win', 'victory'], ['team', 'squad'], ['film', 'movie'], ['music', 'songs'], ['sales', 'revenue'],
];
const MAP = new Map(PAIRS);

/** Stand-ins for synonyms the list does not know: a spinner's thesaurus is much larger. */
const FILLERS = 'notable considerable assorted various sizeable principal primary leading central broad wide evident apparent distinct marked'.split(' ');

/**
 * Spins a text: each word found in the synonym list is swapped with probability `share`;
 * with `otherShare`, any other lower-case word of 5+ letters is swapped for a stand-in
 * synonym, as broader spinning tools do.
 * @param rnd a seeded random source in [0, 1)
 */
export function spin(text: string, share: number, rnd: () => number, otherShare = 0): string {
  return text.replace(/[A-Za-z]+/g, (w) => {
    const lower = w.toLowerCase();
    const swap = MAP.get(lower);
    if (!swap) {
      if (otherShare && w.length >= 5 && w === lower && rnd() < otherShare) return FILLERS[Math.floor(rnd() * FILLERS.length)];
      return w;
    }
    if (rnd() >= share) return w;
    return w[0] === w[0].toUpperCase() ? swap[0].toUpperCase() + swap.slice(1) : swap;
  });
}

/** A seeded random number generator (Park-Miller). */
export function seededRandom(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}
