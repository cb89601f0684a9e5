/**
 * Decoding of raw article bytes into text: UTF-8 with or without BOM, UTF-16 with BOM,
 * a declared charset (HTTP header or HTML meta) when it is not UTF-8, invalid UTF-8 read as
 * Windows-1252 (with a warning), binary content refused.
 */
import { isUtf8Label } from './charset.ts';

/** WHATWG maps these Latin-1 labels to Windows-1252, which decodeWindows1252 handles. */
const WINDOWS_1252 = new Set(['windows-1252', 'cp1252', 'iso-8859-1', 'iso8859-1', 'latin1', 'l1', 'x-cp1252', 'cp819', 'ibm819', 'iso_8859-1']);

export type DecodeResult =
  | { ok: true; text: string; warning?: string }
  | { ok: false; reason: string };

/**
 * Windows-1252 code points for bytes 0x80-0x9F (the rest equals Latin-1). Node's built-in
 * 'windows-1252' decoder treats these bytes as Latin-1 control characters, so map them here.
 */
const CP1252_HIGH = [
  0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd,
  0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178,
];

/** Decodes bytes as Windows-1252. */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(...Array.from(chunk, (b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : b)));
  }
  return out;
}

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
 * Decodes an article's bytes. A byte order mark wins over a declared charset.
 * @param opts.charset the charset the server or the page declared
 * @returns the text, with a warning when it was not valid UTF-8; or why it was refused
 */
export function decodeBytes(bytes: Uint8Array, opts: { charset?: string | null } = {}): DecodeResult {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { ok: true, text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { ok: true, text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  }
  let body = bytes;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) body = bytes.subarray(3);
  if (looksBinary(body)) return { ok: false, reason: 'binary content (not a text article)' };
  const declared = opts.charset?.toLowerCase();
  if (declared && !isUtf8Label(declared) && body === bytes) {
    if (WINDOWS_1252.has(declared)) return { ok: true, text: decodeWindows1252(body) };
    try {
      return { ok: true, text: new TextDecoder(declared).decode(body) };
    } catch {
      // An unknown label: fall through to UTF-8 / Windows-1252.
    }
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    return {
      ok: true,
      text: decodeWindows1252(body),
      warning: 'invalid UTF-8; decoded as Windows-1252',
    };
  }
}
