/**
 * A stand-in for extract-worker.ts in the worker pool's tests: answers like the real one, but
 * its thread dies (exit code 7) on a file named crash.html, as a worker out of memory would.
 */
import { parentPort } from 'node:worker_threads';
import { ingestDocument } from '../../../lambdas/domain/text/ingest-document.ts';
import type { ExtractJob } from '../../../lambdas/ports/document-extractor.ts';

parentPort?.on('message', (msg: { seq: number; job: ExtractJob }) => {
  if (msg.job.id === 'crash.html') process.exit(7);
  parentPort!.postMessage({ seq: msg.seq, result: ingestDocument(msg.job.id, msg.job.bytes) });
});
parentPort?.postMessage({ ready: true });
