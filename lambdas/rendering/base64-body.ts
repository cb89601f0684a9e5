/**
 * A message body in base64 with per-reader slots, its fixed parts encoded once per issue.
 * Base64 works on 3-byte groups, so the fixed text after a slot is encoded once for each of
 * the three ways a reader's value can leave it aligned; a reader's fill then encodes only a
 * few bytes around each value and joins precomputed lines. MIME lets base64 lines be shorter
 * than 76 characters, so the pieces are joined with CRLF without re-wrapping: the decoded
 * bytes are exactly the body with the values in place.
 */

/** Base64 in lines of at most 76 characters, as MIME wants it. */
export function base64Lines(bytes: Buffer | string): string {
  const s = (typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes).toString('base64');
  if (s.length <= 76) return s;
  let out = s.slice(0, 76);
  for (let i = 76; i < s.length; i += 76) out += '\r\n' + s.slice(i, i + 76);
  return out;
}

export interface Base64Body {
  /** The body with `values[k]` in place of every occurrence of `slots[k]`, in base64 lines. */
  fill(values: readonly string[]): string;
}

interface Fixed {
  /** For a head of h = 0, 1, 2 bytes taken by the preceding value's group: the base64 of the aligned middle, and the bytes left over. */
  phases: { lines: string; tail: Buffer }[];
  bytes: Buffer;
}

/** The last fixed part is encoded to its end (with padding); the others stop at a group boundary. */
function fixedPart(bytes: Buffer, phases: number[], last: boolean): Fixed {
  const out: Fixed = { bytes, phases: [] };
  for (const h of phases) {
    if (bytes.length < h) continue;
    const end = last ? bytes.length : h + Math.floor((bytes.length - h) / 3) * 3;
    out.phases[h] = { lines: end > h ? base64Lines(bytes.subarray(h, end)) : '', tail: bytes.subarray(end) };
  }
  return out;
}

/**
 * Splits `body` around every occurrence of the slot strings and encodes the fixed parts.
 * @param slots placeholder strings (non-empty, none containing another)
 */
export function compileBase64Body(body: string, slots: readonly string[]): Base64Body {
  if (slots.some((s) => !s)) throw new Error('base64 body: a slot placeholder is empty');
  // Split into fixed text and slot indices: fixed[0] slot[0] fixed[1] slot[1] ... fixed[n].
  const order: number[] = [];
  const texts: string[] = [];
  let pos = 0;
  for (;;) {
    let best = -1;
    let at = Infinity;
    for (let k = 0; k < slots.length; k++) {
      const i = body.indexOf(slots[k], pos);
      if (i >= 0 && i < at) [best, at] = [k, i];
    }
    if (best < 0) break;
    texts.push(body.slice(pos, at));
    order.push(best);
    pos = at + slots[best].length;
  }
  texts.push(body.slice(pos));
  const fixed = texts.map((t, i) => fixedPart(Buffer.from(t, 'utf8'), i === 0 ? [0] : [0, 1, 2], i === texts.length - 1));

  return {
    fill(values: readonly string[]): string {
      const pieces: string[] = [];
      const first = fixed[0].phases[0];
      if (first.lines) pieces.push(first.lines);
      let carry: Buffer = first.tail;
      for (let i = 0; i < order.length; i++) {
        const next = fixed[i + 1];
        let pending = Buffer.concat([carry, Buffer.from(values[order[i]] ?? '', 'utf8')]);
        const h = (3 - (pending.length % 3)) % 3;
        const phase = next.phases[h];
        if (!phase) {
          // The fixed part is too short to close the group: it joins the pending bytes.
          carry = Buffer.concat([pending, next.bytes]);
          continue;
        }
        if (h) pending = Buffer.concat([pending, next.bytes.subarray(0, h)]);
        if (pending.length) pieces.push(base64Lines(pending));
        if (phase.lines) pieces.push(phase.lines);
        carry = phase.tail;
      }
      if (carry.length) pieces.push(base64Lines(carry));
      return pieces.join('\r\n');
    },
  };
}
