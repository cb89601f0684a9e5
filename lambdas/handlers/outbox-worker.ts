/**
 * Lambda entry point of the outbox worker: started by the table's stream when a subscribe
 * request is queued, and every minute by a schedule for the ones waiting for a retry (SES
 * or the database was down). Delivers what is due (see deliver-subscribe-requests.ts).
 */
import { loadThemes } from '../adapters/fs/themes-file.ts';
import { deliverSubscribeRequests } from '../services/deliver-subscribe-requests.ts';
import { lambdaConfig } from './lambda-config.ts';
import { wireSubscriptionDeps } from './subscription-wiring.ts';

export async function handler(): Promise<{ delivered: number; retried: number; dropped: number }> {
  const config = await lambdaConfig();
  const deps = wireSubscriptionDeps(config, await loadThemes(config.themesFile));
  const r = await deliverSubscribeRequests(deps, { limit: 200, lanes: 8 });
  console.log(JSON.stringify({ level: 'info', event: 'outbox_delivered', ...r }));
  return r;
}
