/**
 * sources.yaml (next to themes.yaml): the feeds and pages `collect` reads when it is given
 * no address. Shape: `feeds: [{url, name?}]`, `pages: [url, ...]`; both optional.
 */
import { parse } from 'yaml';
import { SourcesFileError } from '../../errors.ts';

export interface SourcesList {
  feeds: { url: string; name: string | null }[];
  pages: string[];
}

/**
 * Parses sources.yaml.
 * @throws SourcesFileError naming the problem
 */
export function parseSources(text: string, fileName: string): SourcesList {
  let data: unknown;
  try {
    data = parse(text, { maxAliasCount: 20 });
  } catch (err) {
    throw new SourcesFileError(fileName, `invalid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  if (data === null || data === undefined) return { feeds: [], pages: [] };
  if (typeof data !== 'object' || Array.isArray(data)) throw new SourcesFileError(fileName, 'expected a map with feeds and pages');
  const d = data as Record<string, unknown>;
  for (const k of Object.keys(d)) if (k !== 'feeds' && k !== 'pages') throw new SourcesFileError(fileName, `unknown key '${k}' (expected feeds, pages)`);
  const feedsRaw = d.feeds ?? [];
  const pagesRaw = d.pages ?? [];
  if (!Array.isArray(feedsRaw)) throw new SourcesFileError(fileName, 'feeds must be a list');
  if (!Array.isArray(pagesRaw)) throw new SourcesFileError(fileName, 'pages must be a list of addresses');
  const feeds = feedsRaw.map((f, i) => {
    if (typeof f === 'string') return { url: f, name: null };
    if (f && typeof f === 'object' && typeof (f as Record<string, unknown>).url === 'string') {
      const name = (f as Record<string, unknown>).name;
      return { url: (f as { url: string }).url, name: typeof name === 'string' ? name : null };
    }
    throw new SourcesFileError(fileName, `feeds[${i}] needs a url`);
  });
  const pages = pagesRaw.map((p, i) => {
    if (typeof p !== 'string') throw new SourcesFileError(fileName, `pages[${i}] must be an address`);
    return p;
  });
  return { feeds, pages };
}
