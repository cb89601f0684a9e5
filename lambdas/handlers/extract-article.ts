/** Lambda entry point for each object put under corpus/ in the corpus bucket: extracts that article into extracted/ (see services/extract-article.ts). */
import { S3CorpusWriter } from '../adapters/s3/s3-corpus-writer.ts';
import { S3DocumentCache } from '../adapters/s3/s3-document-cache.ts';
import { S3Objects } from '../adapters/s3/s3-objects.ts';
import { extractArticle } from '../services/extract-article.ts';
import { CORPUS_PREFIX } from './corpus-ingest.ts';
import { lambdaConfig } from './lambda-config.ts';

interface S3Event {
  Records: { s3: { bucket: { name: string }; object: { key: string } } }[];
}

export async function handler(event: S3Event): Promise<{ extracted: number; cached: number }> {
  const config = await lambdaConfig();
  const objects = new S3Objects(config);
  let extracted = 0;
  let cached = 0;
  for (const r of event.Records ?? []) {
    const bucket = r.s3.bucket.name;
    const key = decodeURIComponent(r.s3.object.key.replace(/\+/g, ' '));
    if (!key.startsWith(CORPUS_PREFIX)) continue;
    const out = await extractArticle({ corpus: new S3CorpusWriter(objects, bucket, CORPUS_PREFIX), cache: new S3DocumentCache(objects, bucket) }, key.slice(CORPUS_PREFIX.length));
    if (out?.cached) cached++;
    else if (out) extracted++;
    console.log(JSON.stringify({ level: 'info', event: 'article_extracted', key, ...out }));
  }
  return { extracted, cached };
}
