/**
 * The local stack (`npm start`): dynalite with its data under the data folder and the SES
 * emulator with its web view, each in a child process of its own (started again when it
 * dies), then the HTTP API (with the outbox worker) and the editor preview, all on 127.0.0.1
 * at the configured ports. Returns the URLs and a stop function.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import { ensureTable, openTable } from '../adapters/dynamodb/table.ts';
import { loadThemes } from '../adapters/fs/themes-file.ts';
import { AppError } from '../errors.ts';
import { wireSubscriptionDeps } from '../handlers/subscription-wiring.ts';
import { wireSendingDeps } from '../handlers/sending-wiring.ts';
import { sendIssue } from '../services/send-issue.ts';
import { startApiServer } from './api-server.ts';
import { startSupervisedService } from './local-services.ts';
import { startPreviewServer } from './preview-server.ts';

export interface LocalStack {
  urls: { api: string; subscribeForm: string; preview: string; sesWebView: string; sesStore: string; dynamodb: string };
  stop(): Promise<void>;
}

async function onPort<T>(name: string, port: number, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new AppError('port_busy', `port ${port} for ${name} is already in use`, { hint: `stop the other process (is the stack already running?) or set ${name === 'DynamoDB' ? 'NEWSLETTER_DYNAMO_PORT' : name === 'SES emulator' ? 'NEWSLETTER_SES_PORT' : name === 'API' ? 'NEWSLETTER_API_PORT' : 'NEWSLETTER_PREVIEW_PORT'}` });
    }
    throw err;
  }
}

/** Starts everything; on failure stops what already started. */
export async function startLocalStack(config: Config): Promise<LocalStack> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const themes = await loadThemes(config.themesFile);
    const dataPath = path.join(config.dataDir, 'dynamodb');
    await mkdir(dataPath, { recursive: true });
    // Each in a process of its own: a crash of one never takes the API down with it, and a
    // dead one is started again on its port (the outbox then delivers what waited).
    const say = (line: string) => process.stderr.write(`warning: ${line}\n`);
    const dynamo = await onPort('DynamoDB', config.ports.dynamo, () => startSupervisedService('dynalite', { port: config.ports.dynamo, path: dataPath }, say));
    stops.push(dynamo.stop);
    const ses = await onPort('SES emulator', config.ports.ses, () => startSupervisedService('ses', { port: config.ports.ses }, say));
    stops.push(ses.stop);
    await ensureTable(openTable(config));
    const sending = wireSendingDeps(config, themes);
    const apiDeps = { ...wireSubscriptionDeps(config, themes), sends: (input: { themeId: string; to?: string; dryRun?: boolean }) => sendIssue(sending, input) };
    const api = await onPort('API', config.ports.api, () => startApiServer(apiDeps, { port: config.ports.api }));
    stops.push(api.close);
    const preview = await onPort('preview', config.ports.preview, () => startPreviewServer(config, { port: config.ports.preview, sendTest: (themeId, to) => sendIssue(sending, { themeId, to }) }));
    stops.push(preview.close);
    return {
      urls: { api: api.url, subscribeForm: `${api.url}/`, preview: preview.url, sesWebView: `${ses.endpoint}/`, sesStore: `${ses.endpoint}/store`, dynamodb: dynamo.endpoint },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
