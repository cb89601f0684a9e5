/** Worker-thread side of WorkerPoolExtractor: ingests each document it is sent and posts the result back. */
import { parentPort } from 'node:worker_threads';
import { ingestDocument } from '../../domain/text/ingest-document.ts';
import type { ExtractJob } from '../../ports/document-extractor.ts';

parentPort?.on('message', (msg: { seq: number; job: ExtractJob }) => {
  let result;
  try {
    result = ingestDocument(msg.job.id, msg.job.bytes, { sidecar: msg.job.sidecar, charset: msg.job.charset });
  } catch (err) {
    result = { source: null, passages: [], dropped: [], warnings: [{ sourceId: msg.job.id, message: `could not be read (${(err as Error).message.split('\n')[0]})` }] };
  }
  parentPort!.postMessage({ seq: msg.seq, result });
});
// The pool counts a worker that dies after this as one document's loss, before it as a broken pool.
parentPort?.postMessage({ ready: true });
