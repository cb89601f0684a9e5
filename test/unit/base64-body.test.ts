/**
 * The base64 body template: whatever the body and the readers' values, the fill decodes to
 * exactly the body with the values in place, in valid MIME base64 lines (at most 76
 * characters, whole 4-character groups, padding only at the end).
 */
import { describe, expect, it } from 'vitest';
import { base64Lines, compileBase64Body } from '../../lambdas/rendering/base64-body.ts';

const SLOTS = ['%%UNSUB%%', '%%PREFS%%'];

function expectValidBase64(encoded: string): void {
  const lines = encoded.split('\r\n');
  for (const [i, line] of lines.entries()) {
    expect(line.length).toBeLessThanOrEqual(76);
    expect(line.length % 4).toBe(0);
    expect(line).toMatch(i === lines.length - 1 ? /^[A-Za-z0-9+/]*={0,2}$/ : /^[A-Za-z0-9+/]*$/);
  }
}

const decoded = (encoded: string) => Buffer.from(encoded.replace(/\r\n/g, ''), 'base64').toString('utf8');
const expected = (body: string, values: string[]) => SLOTS.reduce((b, s, k) => b.replaceAll(s, values[k]), body);

/** A small deterministic PRNG, so a failure can be replayed. */
function rng(seed: number) {
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

describe('the base64 body template', () => {
  it.each([
    ['slots in the middle', 'Hello <a href="%%UNSUB%%">leave</a> or <a href="%%PREFS%%">choose</a>. Bye.'],
    ['slots at both ends', '%%UNSUB%% middle %%PREFS%%'],
    ['adjacent slots and one-byte fixed parts', 'a%%UNSUB%%%%PREFS%%b%%UNSUB%%c'],
    ['no slot at all', 'Just a body with nothing personal in it, long enough to wrap '.repeat(4)],
    ['multibyte characters around the slots', 'Café «%%UNSUB%%» 東京%%PREFS%%ñ€'],
    ['an empty body', ''],
  ])('decodes to the body with the values in place: %s', (_name, body) => {
    // Prepare
    const template = compileBase64Body(body, SLOTS);
    for (const values of [['https://x.example/u?t=1', 'https://x.example/p'], ['', ''], ['é', 'ab'], ['https://news.example.org/unsubscribe?token=' + 'A'.repeat(181), 'q']]) {
      // Act
      const out = template.fill(values);
      // Assess
      expectValidBase64(out);
      expect(decoded(out)).toBe(expected(body, values));
    }
  });

  it('holds for a thousand random bodies and values', () => {
    // Prepare
    const random = rng(7);
    const alphabet = ['a', 'b', ' ', '\n', 'é', '東', '€', '<', '&', '%%UNSUB%%', '%%PREFS%%'];
    const pick = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    for (let i = 0; i < 1000; i++) {
      const body = pick(Math.floor(random() * 120));
      const values = [pick(Math.floor(random() * 8)).replace(/%%\w+%%/g, 'x'), pick(Math.floor(random() * 8)).replace(/%%\w+%%/g, 'y')];
      // Act
      const out = compileBase64Body(body, SLOTS).fill(values);
      // Assess
      expectValidBase64(out);
      expect(decoded(out)).toBe(expected(body, values));
    }
  });

  it('encodes a body without slots exactly as plain base64 lines do', () => {
    // Prepare
    const body = 'x'.repeat(500);
    // Act / Assess
    expect(compileBase64Body(body, SLOTS).fill(['u', 'p'])).toBe(base64Lines(body));
  });

  it('refuses an empty slot placeholder', () => {
    expect(() => compileBase64Body('body', [''])).toThrow(/empty/);
  });
});
