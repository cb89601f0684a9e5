/** Lambda entry point of the public HTTP API (API Gateway HTTP API, payload v2): adapts the event to the shared route table. */
import { loadThemes } from '../adapters/fs/themes-file.ts';
import { lambdaConfig } from './lambda-config.ts';
import type { SubscriptionDeps } from '../services/subscription-deps.ts';
import { clientAddress } from './http/client-address.ts';
import { handleHttp } from './http/routes.ts';
import { wireSubscriptionDeps } from './subscription-wiring.ts';

interface ApiEvent {
  rawPath: string;
  rawQueryString?: string;
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext: { http: { method: string; sourceIp?: string } };
}

let deps: Promise<SubscriptionDeps> | null = null;

/** Handles one API Gateway request. */
export async function handler(event: ApiEvent): Promise<{ statusCode: number; headers: Record<string, string>; body: string }> {
  deps ??= (async () => {
    const config = await lambdaConfig();
    return wireSubscriptionDeps(config, await loadThemes(config.themesFile));
  })();
  const body = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
  const wired = await deps;
  const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const res = await handleHttp(wired, {
    method: event.requestContext.http.method,
    path: event.rawPath,
    query: new URLSearchParams(event.rawQueryString ?? ''),
    headers,
    body,
    ip: clientAddress(headers, event.requestContext.http.sourceIp ?? null, wired.config.behindCloudFront),
  });
  return { statusCode: res.status, headers: res.headers, body: res.body };
}
