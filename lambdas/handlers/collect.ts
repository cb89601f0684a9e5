/**
 * Lambda entry point of the scheduled collect: reads sources.yaml from the corpus bucket
 * (`config/sources.yaml`) and fetches its feeds and pages into corpus/, ahead of the themes'
 * builds. Each page written there is then extracted by the extract-article Lambda. Only
 * public addresses are fetched unless NEWSLETTER_COLLECT_ALLOW says otherwise (config).
 */
import { FetchWebClient } from '../adapters/http/fetch-web-client.ts';
import { S3CorpusWriter } from '../adapters/s3/s3-corpus-writer.ts';
import { S3Objects } from '../adapters/s3/s3-objects.ts';
import { parseSources } from '../domain/collect/sources-file.ts';
import { NotFoundError } from '../errors.ts';
import { systemClock } from '../ports/clock.ts';
import { collectArticles, type CollectReport } from '../services/collect-articles.ts';
import { CORPUS_PREFIX } from './corpus-ingest.ts';
import { lambdaConfig } from './lambda-config.ts';

export const SOURCES_KEY = 'config/sources.yaml';

export async function handler(): Promise<Omit<CollectReport, 'fetched'> & { fetched: number }> {
  const config = await lambdaConfig();
  const bucket = config.aws.corpusBucket;
  if (!bucket) throw new Error('NEWSLETTER_CORPUS_BUCKET is not set');
  const objects = new S3Objects(config);
  let text = '';
  try {
    text = (await objects.get(bucket, SOURCES_KEY)).toString('utf8');
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
  }
  const sources = parseSources(text, `s3://${bucket}/${SOURCES_KEY}`);
  const report = await collectArticles({ web: new FetchWebClient({ policy: config.collectDestinations }), corpus: new S3CorpusWriter(objects, bucket, CORPUS_PREFIX), clock: systemClock }, { feeds: sources.feeds, pages: sources.pages });
  const summary = { ...report, fetched: report.fetched.length };
  console.log(JSON.stringify({ level: 'info', event: 'collected', fetched: summary.fetched, notModified: report.notModified, skipped: report.skipped.length, feeds: report.feeds.length }));
  return summary;
}
