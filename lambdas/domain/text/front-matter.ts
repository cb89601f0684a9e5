/**
 * YAML front matter: a `---` fenced block at the top of a .txt or .md article whose title,
 * date, url and author override what the ingester infers.
 */
import { parse } from 'yaml';
import type { DeclaredMeta } from './blocks.ts';

/**
 * Splits front matter off a document.
 * @returns declared metadata, the remaining body, and a warning when the YAML is broken
 */
export function splitFrontMatter(text: string): { declared: DeclaredMeta; body: string; warning?: string } {
  const m = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(text);
  if (!m) return { declared: {}, body: text };
  const body = text.slice(m[0].length);
  try {
    const data = parse(m[1]) as Record<string, unknown> | null;
    if (!data || typeof data !== 'object') return { declared: {}, body };
    const str = (v: unknown): string | undefined => {
      if (v instanceof Date) return v.toISOString().slice(0, 10);
      return typeof v === 'string' || typeof v === 'number' ? String(v).trim() || undefined : undefined;
    };
    return { declared: { title: str(data.title), date: str(data.date), url: str(data.url), author: str(data.author) }, body };
  } catch (err) {
    return { declared: {}, body, warning: `front matter is not valid YAML (${(err as Error).message.split('\n')[0]}); ignored` };
  }
}
