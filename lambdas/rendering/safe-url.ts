/** Only http(s) URLs may become links in a mail; anything else (javascript:, data:, relative) is dropped. */

/** The URL when it is an absolute http(s) URL without whitespace or control characters, else null. */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url || /[\s\u0000-\u001f<>"]/.test(url)) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}
