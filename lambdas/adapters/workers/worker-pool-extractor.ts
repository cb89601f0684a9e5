/**
 * DocumentExtractor over worker threads: one worker per core runs ingestDocument
 * (extract-worker.ts, loaded through tsx since the project runs from TypeScript sources).
 * Jobs are handed out one at a time so a slow page never holds up a queue; results return
 * in job order; the workers end when the batch is done.
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DocumentResult } from '../../domain/text/ingest-document.ts';
import type { DocumentExtractor, ExtractJob } from '../../ports/document-extractor.ts';

/** Bootstrap code of a worker: register tsx, then load the worker module (resolved lazily: bundles have no import.meta.url). */
function bootstrap(): string {
  const require = createRequire(import.meta.url);
  const tsx = pathToFileURL(require.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL('./extract-worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
}

export class WorkerPoolExtractor implements DocumentExtractor {
  constructor(private readonly size = Math.max(1, os.availableParallelism?.() ?? os.cpus().length)) {}

  async extract(jobs: ExtractJob[]): Promise<DocumentResult[]> {
    const results = new Array<DocumentResult>(jobs.length);
    if (!jobs.length) return results;
    const code = bootstrap();
    const workers = Array.from({ length: Math.min(this.size, jobs.length) }, () => new Worker(code, { eval: true }));
    let next = 0;
    try {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              const give = () => {
                if (next >= jobs.length) return resolve();
                const seq = next++;
                w.postMessage({ seq, job: jobs[seq] });
              };
              w.on('message', (m: { seq: number; result: DocumentResult }) => {
                results[m.seq] = m.result;
                give();
              });
              w.once('error', reject);
              w.once('exit', (code) => (next < jobs.length || results.includes(undefined as never) ? reject(new Error(`extraction worker exited (${code})`)) : resolve()));
              give();
            }),
        ),
      );
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
    return results;
  }
}
