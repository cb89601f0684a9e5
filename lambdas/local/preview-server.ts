/**
 * The editor preview server (127.0.0.1 only): renders each theme's next issue on request,
 * watches templates/, themes.yaml and the corpus and tells open pages to reload (server-sent
 * events), shows an overlay with file, line and message while something is broken, and keeps
 * running. State-changing actions check the Host header and a CSRF token.
 */
import { createLimitedServer } from './http-limits.ts';
import { randomBytes } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Config } from '../config.ts';
import { loadThemes } from '../adapters/fs/themes-file.ts';
import { FsEditorialStore } from '../adapters/fs/fs-editorial-store.ts';
import { FsIssueStore } from '../adapters/fs/fs-issue-store.ts';
import { approveIssue, excludePassage, pinPassage, releasePassage, setNote } from '../services/shape-issue.ts';
import { nextPeriod } from '../domain/schedule/period.ts';
import { findTheme } from '../domain/themes/find-theme.ts';
import type { Corpus, Theme } from '../domain/types.ts';
import { AppError } from '../errors.ts';
import { TemplateError } from '../rendering/template-error.ts';
import { ingestLocalCorpus } from '../handlers/ingest-wiring.ts';
import { renderIssuePreview } from '../services/render-issue-preview.ts';
import { errorPage, indexPage, messageAfterTest, themePage } from './preview-pages.ts';

export interface PreviewServer {
  url: string;
  close(): Promise<void>;
}

function describeError(err: unknown, config: Config): { file?: string; line?: number | null; message: string } {
  if (err instanceof TemplateError) return { file: path.relative(process.cwd(), err.file) || err.file, line: err.line, message: err.detail };
  if (err instanceof AppError && err.code === 'themes_file') {
    const line = /line (\d+)/.exec(err.message)?.[1];
    return { file: config.themesFile, line: line ? Number(line) : null, message: err.message };
  }
  return { message: err instanceof Error ? err.message : String(err) };
}

/**
 * Starts the preview server.
 * @param opts.port default config.ports.preview; 0 picks a free port
 */
export async function startPreviewServer(config: Config, opts: { port?: number; sendTest?: (themeId: string, to: string) => Promise<{ sent: number; issueId: string | null; reason?: string }> } = {}): Promise<PreviewServer> {
  const csrf = randomBytes(16).toString('hex');
  const clients = new Set<http.ServerResponse>();
  // Loaded windows by their first day ('' for all), until a file changes.
  let corpus = new Map<string, Promise<Corpus>>();
  const getCorpus = (since: string | null) => {
    const key = since ?? '';
    let loaded = corpus.get(key);
    if (!loaded) {
      loaded = ingestLocalCorpus(config, since).catch((e) => {
        corpus.delete(key);
        throw e;
      });
      corpus.set(key, loaded);
    }
    return loaded;
  };
  let port = 0;
  const issues = new FsIssueStore(path.join(config.dataDir, 'issues'));
  const editorial = new FsEditorialStore(path.join(config.dataDir, 'editorial'));
  /** What the preview reads: the data folder's issues and choices, the corpus folder. */
  const deps = (themes: Theme[]) => ({ issues, editorial, config, themes, clock: config.clock, corpus: async (since?: string | null) => ({ corpus: await getCorpus(since ?? null) }) });
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const send = (res: http.ServerResponse, status: number, body: string, type = 'text/html; charset=utf-8') => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.end(body);
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!allowedHosts().has(req.headers.host ?? '')) return send(res, 421, 'unexpected Host header', 'text/plain');
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (url.pathname === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    const themeMatch = /^\/theme\/([a-z0-9-]+)(\/email\.html|\/send-test|\/approve|\/pin|\/exclude|\/release|\/note)?$/.exec(url.pathname);
    if (req.method === 'POST') {
      if (!themeMatch || !themeMatch[2] || themeMatch[2] === '/email.html') return send(res, 404, 'not found', 'text/plain');
      const body = await new Promise<string>((resolve) => {
        let data = '';
        req.on('data', (c) => (data = (data + c).slice(0, 10_000)));
        req.on('end', () => resolve(data));
      });
      const form = new URLSearchParams(body);
      const origin = req.headers.origin;
      if (form.get('csrf') !== csrf || (origin && !allowedHosts().has(origin.replace(/^https?:\/\//, '')))) return send(res, 403, 'missing or wrong CSRF token', 'text/plain');
      if (themeMatch[2] !== '/send-test') {
        // The editor's actions: shape or approve the next issue, then back to the theme's page.
        try {
          const d = deps(await loadThemes(config.themesFile));
          const id = themeMatch[1];
          const passage = form.get('passage') ?? '';
          if (themeMatch[2] === '/approve') await approveIssue(d, id);
          else if (themeMatch[2] === '/pin') await pinPassage(d, id, passage);
          else if (themeMatch[2] === '/exclude') await excludePassage(d, id, passage);
          else if (themeMatch[2] === '/release') await releasePassage(d, id, passage);
          else await setNote(d, id, { subject: form.get('subject') ?? '', text: form.get('text') ?? '' });
          res.writeHead(303, { location: `/theme/${id}`, 'cache-control': 'no-store' });
          res.end();
          for (const c of clients) c.write('event: reload\ndata: changed\n\n');
          return;
        } catch (err) {
          return send(res, err instanceof AppError ? Math.min(err.httpStatus, 499) : 500, errorPage(describeError(err, config)));
        }
      }
      if (!opts.sendTest) return send(res, 503, 'sending a test needs the local stack (npm start)', 'text/plain');
      const to = (form.get('to') ?? '').trim();
      try {
        const r = await opts.sendTest(themeMatch[1], to);
        return send(res, 200, messageAfterTest(themeMatch[1], to, r));
      } catch (err) {
        return send(res, err instanceof AppError ? Math.min(err.httpStatus, 499) : 500, messageAfterTest(themeMatch[1], to, { sent: 0, issueId: null, reason: err instanceof Error ? err.message : String(err) }));
      }
    }
    if (req.method !== 'GET') return send(res, 405, 'method not allowed', 'text/plain');
    try {
      const themes = await loadThemes(config.themesFile);
      const now = config.clock.now();
      const next = (t: (typeof themes)[number]) => {
        const n = nextPeriod(t, now);
        return n.at ? `${n.period} (${n.at.toISOString().slice(0, 16).replace('T', ' ')} UTC)` : `${n.period} (on demand)`;
      };
      if (url.pathname === '/') return send(res, 200, indexPage(themes.map((theme) => ({ theme, next: next(theme) }))));
      if (!themeMatch) return send(res, 404, 'not found', 'text/plain');
      const theme = findTheme(themes, themeMatch[1]);
      const d = deps(themes);
      const preview = await renderIssuePreview(d, theme.id);
      if (themeMatch[2] === '/email.html') {
        const html = url.searchParams.get('mode') === 'dark' ? preview.html.replace(/@media\s*\(prefers-color-scheme:\s*dark\)/g, '@media all') : preview.html;
        return send(res, 200, html);
      }
      const frozen = preview.prepared.frozen;
      return send(
        res,
        200,
        themePage({
          theme,
          themes,
          digest: preview.issue.digest,
          text: preview.text,
          subject: preview.issue.subject,
          checks: preview.checks,
          next: next(theme),
          csrf,
          canSend: Boolean(opts.sendTest),
          period: preview.prepared.period,
          frozen: frozen ? { id: frozen.id, approvedAt: frozen.approvedAt, createdAt: frozen.createdAt, changed: preview.prepared.changedSinceFrozen } : null,
          choices: await d.editorial!.get(theme.id),
        }),
      );
    } catch (err) {
      // The overlay page itself loads fine (200): the editor sees the problem, the browser no failed request.
      const status = err instanceof AppError && err.httpStatus === 404 ? 404 : 200;
      return send(res, status, errorPage(describeError(err, config)));
    }
  };

  const server = createLimitedServer((req, res) => {
    handle(req, res).catch((err) => send(res, 500, errorPage(describeError(err, config))));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? config.ports.preview, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;

  // Live reload: any change under the watched paths drops the cache and reloads open pages.
  let timer: NodeJS.Timeout | null = null;
  const changed = () => {
    corpus = new Map();
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      for (const c of clients) c.write('event: reload\ndata: changed\n\n');
    }, 120);
  };
  const watchers: FSWatcher[] = [];
  for (const target of [config.templatesDir, config.corpusDir, path.dirname(config.themesFile)]) {
    try {
      const isThemesDir = target === path.dirname(config.themesFile);
      watchers.push(
        watch(target, { recursive: !isThemesDir }, (_event, file) => {
          if (isThemesDir && file && path.join(target, String(file)) !== config.themesFile) return;
          changed();
        }),
      );
    } catch {
      // A missing folder is reported by the pages themselves.
    }
  }

  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      for (const w of watchers) w.close();
      if (timer) clearTimeout(timer);
      for (const c of clients) c.end();
      clients.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
    },
  };
}
