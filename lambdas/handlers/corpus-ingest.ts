/**
 * Lambda entry point of the index build (on a schedule, after collect): ingests the corpus
 * bucket, taking every article the extract Lambda already extracted from extracted/ (and
 * extracting the rest here), and writes the serialised index the other Lambdas load.
 */
import { S3CorpusReader } from '../adapters/s3/s3-corpus-reader.ts';
import { S3DocumentCache } from '../adapters/s3/s3-document-cache.ts';
import { S3Objects } from '../adapters/s3/s3-objects.ts';
import { serializeCorpusIndex } from '../domain/text/corpus-index.ts';
import { ingestCorpus } from '../services/ingest-corpus.ts';
import { lambdaConfig } from './lambda-config.ts';

export const CORPUS_PREFIX = 'corpus/';

export async function handler(): Promise<{ sources: number; passages: number; warnings: number }> {
  const config = await lambdaConfig();
  const bucket = config.aws.corpusBucket;
  if (!bucket) throw new Error('NEWSLETTER_CORPUS_BUCKET is not set');
  const objects = new S3Objects(config);
  const corpus = await ingestCorpus(new S3CorpusReader(objects, bucket, CORPUS_PREFIX), { label: `s3://${bucket}/${CORPUS_PREFIX}`, cache: new S3DocumentCache(objects, bucket) });
  await objects.put(bucket, config.aws.indexKey, serializeCorpusIndex(corpus, new Date()), 'application/json');
  const result = { sources: corpus.sources.length, passages: corpus.passages.length, warnings: corpus.warnings.length };
  console.log(JSON.stringify({ level: 'info', event: 'corpus_indexed', ...result, merged: corpus.merged.length }));
  return result;
}
