/**
 * DocumentExtractor over worker threads: one worker per core runs ingestDocument
 * (extract-worker.ts, loaded through tsx since the project runs from TypeScript sources).
 * Jobs are handed out one at a time so a slow page never holds up a queue; results return
 * in job order; the workers end when the batch is done. A worker that dies while reading a
 * document (out of memory, say) costs that document alone: it becomes one warning and a new
 * worker takes the rest. A worker that dies before it is ready fails the batch (the pool
 * itself is broken, not a document).
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DocumentResult } from '../../domain/text/ingest-document.ts';
import type { DocumentExtractor, ExtractJob } from '../../ports/document-extractor.ts';

/** What a worker posts: that it is ready, or one document's result. */
export type WorkerMessage = { ready: true } | { seq: number; result: DocumentResult };

/** Bootstrap code of a worker: register tsx, then load the worker module (resolved lazily: a Lambda bundle holds neither tsx nor extract-worker.ts). */
function bootstrap(entry: string | undefined): string {
  const require = createRequire(import.meta.url);
  const tsx = pathToFileURL(require.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const module = entry ?? new URL('./extract-worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(module)}); })`;
}

function lostDocument(id: string, why: string): DocumentResult {
  return { source: null, passages: [], dropped: [], warnings: [{ sourceId: id, message: `could not be read (${why})` }] };
}

export class WorkerPoolExtractor implements DocumentExtractor {
  /**
   * @param size how many workers
   * @param entry the worker module's URL (tests give a stand-in; default extract-worker.ts)
   */
  constructor(
    private readonly size = Math.max(1, os.availableParallelism?.() ?? os.cpus().length),
    private readonly entry?: string,
  ) {}

  async extract(jobs: ExtractJob[]): Promise<DocumentResult[]> {
    const results = new Array<DocumentResult>(jobs.length);
    if (!jobs.length) return results;
    const code = bootstrap(this.entry);
    const live = new Set<Worker>();
    let next = 0;
    let closed = false;
    /** One lane: a worker taking jobs one at a time until none are left, replaced if it dies holding one. */
    const lane = (): Promise<void> =>
      new Promise<void>((resolve, reject) => {
        const w = new Worker(code, { eval: true });
        live.add(w);
        let ready = false;
        let held = -1;
        let over = false;
        const give = () => {
          if (next >= jobs.length) {
            over = true;
            return resolve();
          }
          held = next++;
          w.postMessage({ seq: held, job: jobs[held] });
        };
        const lost = (why: string) => {
          if (over || closed) return;
          over = true;
          live.delete(w);
          void w.terminate();
          if (!ready) return reject(new Error(`extraction worker did not start (${why})`));
          results[held] = lostDocument(jobs[held].id, why);
          lane().then(resolve, reject);
        };
        w.on('message', (m: WorkerMessage) => {
          if ('ready' in m) {
            ready = true;
            return;
          }
          results[m.seq] = m.result;
          give();
        });
        w.once('error', (err) => lost(`extraction worker failed: ${String(err?.message ?? err).split('\n')[0]}`));
        w.once('exit', (exitCode) => lost(`extraction worker exited (${exitCode})`));
        give();
      });
    try {
      await Promise.all(Array.from({ length: Math.min(this.size, jobs.length) }, () => lane()));
    } finally {
      closed = true;
      await Promise.all([...live].map((w) => w.terminate()));
    }
    return results;
  }
}
