/**
 * `newsletter collect [URL...] [--sources FILE] [--max-items N] [--format json|text]`: fetches
 * feeds and article pages into the corpus folder (sources.yaml next to themes.yaml when no
 * address is given) and prints the JSON report. Exit 2 only when every address failed.
 * Destinations follow config.collectDestinations (locally: loopback and private ranges too).
 */
import path from 'node:path';
import { FsCorpusWriter } from '../../adapters/fs/fs-corpus-writer.ts';
import { loadSources } from '../../adapters/fs/sources-file.ts';
import { FetchWebClient } from '../../adapters/http/fetch-web-client.ts';
import { CollectFailedError } from '../../errors.ts';
import { collectArticles, type CollectReport } from '../../services/collect-articles.ts';
import type { CommandModule } from '../context.ts';

function text(r: CollectReport): string {
  const lines = [
    ...r.feeds.map((f) => `feed ${f.url}: ${f.status}${f.status === 'ok' ? `, ${f.items} item(s)` : ''}`),
    ...r.fetched.map((f) => `fetched ${f.url} -> ${f.path}`),
    ...r.skipped.map((s) => `skipped ${s.url}: ${s.reason}`),
    `${r.fetched.length} fetched, ${r.notModified} not modified, ${r.skipped.length} skipped`,
  ];
  return lines.join('\n');
}

export const run: CommandModule['run'] = async (args, opts, { config, out, err }) => {
  const explicit = typeof opts.sources === 'string';
  const sourcesFile = explicit ? String(opts.sources) : path.join(path.dirname(config.themesFile), 'sources.yaml');
  const sources = args.length ? { feeds: [], pages: [] } : await loadSources(sourcesFile, explicit);
  if (!args.length && !sources.feeds.length && !sources.pages.length) err(`note: nothing to collect; pass addresses or list feeds and pages in ${sourcesFile}`);
  const report = await collectArticles(
    { web: new FetchWebClient({ policy: config.collectDestinations }), corpus: new FsCorpusWriter(config.corpusDir), clock: config.clock },
    { urls: args, feeds: sources.feeds, pages: sources.pages, maxItems: opts.maxItems as number | undefined },
  );
  out(opts.format === 'text' ? text(report) : JSON.stringify(report, null, 2));
  if (!report.fetched.length && !report.notModified && report.skipped.length) throw new CollectFailedError(report.skipped.length, `${report.skipped[0].url}: ${report.skipped[0].reason}`);
  return 0;
};
