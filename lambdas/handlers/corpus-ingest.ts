/**
 * Lambda entry point of the index update (on a schedule, after collect): brings the
 * incremental index under `index/` up to date with the corpus bucket. Only objects that are
 * new or changed (by ETag) are ingested, taking what the extract Lambda already extracted
 * from extracted/; objects gone (deleted, or expired by the corpus lifecycle rule) leave the
 * index.
 */
import { S3CorpusReader } from '../adapters/s3/s3-corpus-reader.ts';
import { S3DocumentCache } from '../adapters/s3/s3-document-cache.ts';
import { S3IndexStore } from '../adapters/s3/s3-index-store.ts';
import { S3Objects } from '../adapters/s3/s3-objects.ts';
import { ingestCodeVersion } from '../domain/text/ingest-document.ts';
import { updateCorpusIndex } from '../services/update-corpus-index.ts';
import { lambdaConfig } from './lambda-config.ts';

export const CORPUS_PREFIX = 'corpus/';

export async function handler(): Promise<{ files: number; added: number; changed: number; removed: number; warnings: number }> {
  const config = await lambdaConfig();
  const bucket = config.aws.corpusBucket;
  if (!bucket) throw new Error('NEWSLETTER_CORPUS_BUCKET is not set');
  const objects = new S3Objects(config);
  const store = new S3IndexStore(objects, bucket, config.aws.indexPrefix);
  const { report } = await updateCorpusIndex(new S3CorpusReader(objects, bucket, CORPUS_PREFIX), store, { label: `s3://${bucket}/${CORPUS_PREFIX}`, cache: new S3DocumentCache(objects, bucket), now: config.clock.now(), fingerprint: ingestCodeVersion() });
  const result = { files: report.files, added: report.added.length, changed: report.changed.length, removed: report.removed.length, warnings: report.warnings.length };
  console.log(JSON.stringify({ level: 'info', event: 'corpus_indexed', ...result, copies: report.copies, segments: report.segmentsWritten }));
  return result;
}
