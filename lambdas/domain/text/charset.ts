/**
 * Character sets of web pages: the charset a Content-Type header names, or the one an HTML
 * page declares in its first bytes (`<meta charset>` or http-equiv), as WHATWG labels.
 */

/** The charset parameter of a Content-Type value, lower-cased, or null. */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  const m = /;\s*charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? '');
  return m ? m[1].toLowerCase() : null;
}

/** The charset an HTML page declares in its first 2 KB, or null. */
export function sniffHtmlCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return m ? m[1].toLowerCase() : null;
}

/** Whether a label names UTF-8 (or plain ASCII, a subset). */
export function isUtf8Label(label: string): boolean {
  return ['utf-8', 'utf8', 'unicode-1-1-utf-8', 'us-ascii', 'ascii'].includes(label.toLowerCase());
}
