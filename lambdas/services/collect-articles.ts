/**
 * collectArticles: fetches feeds and article pages into the corpus. A feed's items (newest
 * first, at most `maxItems`) and plain page addresses become `<host>/<slug>.html` files,
 * stored unchanged, each with a `.meta.json` sidecar (the item's own title, author and date
 * beat the page's). Feeds and pages already held are asked for conditionally, and nothing
 * that did not change is rewritten. Every failure is a `skipped` entry with its reason.
 */
import { parseHTML } from 'linkedom';
import { corpusPathFor, pageKey, unfetchableReason } from '../domain/collect/corpus-path.ts';
import { looksLikeFeed, newestItems, readFeed, type FeedItem } from '../domain/collect/feed.ts';
import { charsetFromContentType, sniffHtmlCharset } from '../domain/text/charset.ts';
import { decodeBytes } from '../domain/text/decode.ts';
import { readHtmlMetadata, type MetaDocument } from '../domain/text/html/html-metadata.ts';
import { parseSidecar, SIDECAR_SUFFIX, type Sidecar } from '../domain/text/sidecar.ts';
import { chooseSourceAddress, httpAddress } from '../domain/text/source-address.ts';
import type { Clock } from '../ports/clock.ts';
import type { CorpusWriter } from '../ports/corpus-writer.ts';
import { WebFetchError, type WebClient, type WebResponse } from '../ports/web-client.ts';

export interface CollectDeps {
  web: WebClient;
  corpus: CorpusWriter;
  clock: Clock;
}

export interface CollectInput {
  /** Addresses given on the command line: each a feed or a page (decided by content). */
  urls?: string[];
  /** From sources.yaml. */
  feeds?: { url: string; name: string | null }[];
  pages?: string[];
  /** Items per feed, newest first (default 50). */
  maxItems?: number;
  /** Pages fetched at once across hosts (the client limits each host to 2). */
  concurrency?: number;
}

/** The JSON report of DESIGN.md's collect contract. */
export interface CollectReport {
  feeds: { url: string; items: number; status: 'ok' | 'not-modified' | 'failed' }[];
  fetched: { url: string; path: string }[];
  notModified: number;
  skipped: { url: string; reason: string }[];
}

/** Conditional-request state of feeds, kept with the corpus (hidden from ingest). */
export const FEED_STATE_ID = '.collect/feeds.json';
type FeedState = Record<string, { etag: string | null; lastModified: string | null; fetchedAt: string }>;

const HTML_TYPES = /^(text\/html|application\/xhtml\+xml)\b/i;

async function readJson<T>(corpus: CorpusWriter, id: string): Promise<T | null> {
  const bytes = await corpus.read(id);
  if (!bytes) return null;
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
  } catch {
    return null;
  }
}

const sameBytes = (a: Uint8Array | null, b: Uint8Array) => !!a && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

/** Runs tasks with at most `n` at once. */
async function pool<T>(items: T[], n: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await task(items[next++]);
  }));
}

/**
 * Collects feeds and pages into the corpus.
 * @returns the report; a failing address is a `skipped` entry, never a throw
 */
export async function collectArticles(deps: CollectDeps, input: CollectInput): Promise<CollectReport> {
  const report: CollectReport = { feeds: [], fetched: [], notModified: 0, skipped: [] };
  const maxItems = input.maxItems ?? 50;
  const feedState = Object.assign(Object.create(null) as FeedState, (await readJson<FeedState>(deps.corpus, FEED_STATE_ID)) ?? {});
  let feedStateChanged = false;
  // One address per corpus file in a run: the same page again (another #anchor) is dropped,
  // another address with the same file (http and https of one page) is skipped with a reason,
  // so no page overwrites another in one run.
  const claimed = new Map<string, string>(); // corpus path -> page address
  const claim = (key: string): string | null => {
    const path = corpusPathFor(key);
    const holder = claimed.get(path);
    if (holder === undefined) claimed.set(path, key);
    return holder === undefined || holder === key ? null : `same corpus file (${path}) as ${holder}, collected once`;
  };
  const pages: { url: string; item: FeedItem | null; feed: string | null; feedTitle: string | null }[] = [];
  const addPage = (url: string, item: FeedItem | null, feed: string | null, feedTitle: string | null) => {
    const refused = unfetchableReason(url);
    if (refused) return void report.skipped.push({ url, reason: refused });
    const key = pageKey(url);
    if (claimed.get(corpusPathFor(key)) === key) return;
    const shared = claim(key);
    if (shared) return void report.skipped.push({ url: key, reason: shared });
    pages.push({ url: key, item, feed, feedTitle });
  };

  const handleFeed = (url: string, res: WebResponse) => {
    feedState[url] = { etag: res.etag, lastModified: res.lastModified, fetchedAt: deps.clock.now().toISOString() };
    feedStateChanged = true;
    const text = decodeBytes(res.body, { charset: charsetFromContentType(res.contentType) });
    if (!text.ok) throw new WebFetchError(`not a feed (${text.reason})`);
    const feed = readFeed(text.text, res.url);
    const items = newestItems(feed.items, maxItems);
    report.feeds.push({ url, items: items.length, status: 'ok' });
    for (const i of items) addPage(i.url, i, url, feed.title);
  };

  const fetchFeed = async (url: string) => {
    const refused = unfetchableReason(url);
    if (refused) {
      report.feeds.push({ url, items: 0, status: 'failed' });
      return void report.skipped.push({ url, reason: refused });
    }
    try {
      const held = feedState[url];
      const res = await deps.web.get(url, held ? { etag: held.etag, lastModified: held.lastModified } : {});
      if (res.status === 304) {
        report.feeds.push({ url, items: 0, status: 'not-modified' });
        report.notModified++;
        return;
      }
      handleFeed(url, res);
    } catch (err) {
      report.feeds.push({ url, items: 0, status: 'failed' });
      report.skipped.push({ url, reason: reasonOf(err) });
    }
  };

  // Command-line addresses: a feed or a page, told apart by what comes back.
  for (const url of input.urls ?? []) {
    const refused = unfetchableReason(url);
    if (refused) {
      report.skipped.push({ url, reason: refused });
      continue;
    }
    const key = pageKey(url);
    const held = feedState[key];
    const path = corpusPathFor(key);
    const side = await heldSidecar(deps.corpus, path);
    try {
      const res = await deps.web.get(key, held ? { etag: held.etag, lastModified: held.lastModified } : side ? { etag: side.etag, lastModified: side.lastModified } : {});
      if (res.status === 304) {
        if (held) report.feeds.push({ url: key, items: 0, status: 'not-modified' });
        report.notModified++;
        claim(key);
        continue;
      }
      if (held || looksLikeFeed(Buffer.from(res.body.subarray(0, 4096)).toString('latin1'), res.contentType)) {
        try {
          handleFeed(key, res);
        } catch (err) {
          report.feeds.push({ url: key, items: 0, status: 'failed' });
          report.skipped.push({ url: key, reason: reasonOf(err) });
        }
        continue;
      }
      const shared = claim(key);
      if (shared) {
        report.skipped.push({ url, reason: shared });
        continue;
      }
      await storePage(deps, report, { url: key, item: null, feed: null, feedTitle: null }, res, side);
    } catch (err) {
      report.skipped.push({ url, reason: reasonOf(err) });
    }
  }
  for (const f of input.feeds ?? []) await fetchFeed(pageKey(f.url));
  for (const p of input.pages ?? []) addPage(p, null, null, null);

  await pool(pages, input.concurrency ?? 8, async (page) => {
    const path = corpusPathFor(page.url);
    const side = await heldSidecar(deps.corpus, path);
    try {
      const res = await deps.web.get(page.url, side ? { etag: side.etag, lastModified: side.lastModified } : {});
      if (res.status === 304) {
        report.notModified++;
        return;
      }
      await storePage(deps, report, page, res, side);
    } catch (err) {
      report.skipped.push({ url: page.url, reason: reasonOf(err) });
    }
  });
  if (feedStateChanged) await deps.corpus.write(FEED_STATE_ID, Buffer.from(JSON.stringify(feedState, null, 2)), 'application/json');
  report.fetched.sort((a, b) => a.path.localeCompare(b.path));
  return report;
}

function reasonOf(err: unknown): string {
  return err instanceof WebFetchError ? err.reason : (err as Error).message.split('\n')[0];
}

async function heldSidecar(corpus: CorpusWriter, path: string): Promise<Sidecar | null> {
  const bytes = await corpus.read(`${path}${SIDECAR_SUFFIX}`);
  if (!bytes) return null;
  const parsed = parseSidecar(bytes);
  return 'sidecar' in parsed ? parsed.sidecar : null;
}

/** Writes a fetched page and its sidecar, unless the page's bytes did not change. */
async function storePage(
  deps: CollectDeps,
  report: CollectReport,
  page: { url: string; item: FeedItem | null; feed: string | null; feedTitle: string | null },
  res: WebResponse,
  held: Sidecar | null,
): Promise<void> {
  const type = (res.contentType ?? '').split(';')[0].trim();
  if (type && !HTML_TYPES.test(type)) throw new WebFetchError(`not an article page (content-type ${type})`);
  const path = corpusPathFor(page.url);
  if (held && sameBytes(await deps.corpus.read(path), res.body)) {
    report.notModified++;
    return;
  }
  const charset = charsetFromContentType(res.contentType);
  const decoded = decodeBytes(res.body, { charset: charset ?? sniffHtmlCharset(res.body) });
  if (!decoded.ok) throw new WebFetchError(`not an article page (${decoded.reason})`);
  const meta = readHtmlMetadata(parseHTML(decoded.text).document as unknown as MetaDocument);
  const canonical = httpAddress(meta.url, res.url);
  const address = chooseSourceAddress(res.url, canonical);
  const sidecar: Sidecar = {
    url: res.url,
    canonical: canonical && canonical !== res.url ? canonical : null,
    title: page.item?.title ?? meta.title ?? null,
    author: page.item?.author ?? meta.author ?? null,
    date: page.item?.date ?? meta.date ?? null,
    site: address.foreign ? (page.feedTitle ?? null) : (meta.site ?? page.feedTitle ?? null),
    feed: page.feed,
    fetchedAt: deps.clock.now().toISOString(),
    etag: res.etag,
    lastModified: res.lastModified,
    charset,
  };
  // The page first, the sidecar last: a sidecar always describes a complete page.
  await deps.corpus.write(path, res.body, res.contentType ?? 'text/html');
  await deps.corpus.write(`${path}${SIDECAR_SUFFIX}`, Buffer.from(JSON.stringify(sidecar, null, 2)), 'application/json');
  report.fetched.push({ url: page.url, path });
}

