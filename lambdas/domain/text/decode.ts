/**
 * Decoding of raw article bytes into text: UTF-8 with or without BOM, UTF-16 with BOM,
 * invalid UTF-8 read as Windows-1252 (with a warning), binary content refused.
 */

export type DecodeResult =
  | { ok: true; text: string; warning?: string }
  | { ok: false; reason: string };

/** Share of control bytes above which content is treated as binary. */
const BINARY_CONTROL_SHARE = 0.1;

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return n > 0 && control / n > BINARY_CONTROL_SHARE;
}

/**
 * Decodes an article's bytes.
 * @returns the text, with a warning when it was not valid UTF-8; or why it was refused
 */
export function decodeBytes(bytes: Uint8Array): DecodeResult {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { ok: true, text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { ok: true, text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  }
  let body = bytes;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) body = bytes.subarray(3);
  if (looksBinary(body)) return { ok: false, reason: 'binary content (not a text article)' };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    return {
      ok: true,
      text: new TextDecoder('windows-1252').decode(body),
      warning: 'invalid UTF-8; decoded as Windows-1252',
    };
  }
}
