/** Test helpers: dynalite and the SES emulator on free 127.0.0.1 ports, and a config wired to them. */
import { loadConfig, type Config } from '../../lambdas/config.ts';
import { startDynalite, startSesEmulator, type LocalService } from '../../lambdas/local/local-services.ts';

export { startDynalite, startSesEmulator };

export interface LocalStack {
  dynamo: LocalService;
  ses: LocalService & { storeUrl: string };
  config: Config;
  stop(): Promise<void>;
}

/** Starts both services and a config that points at them. */
export async function startLocalServices(env: Record<string, string> = {}): Promise<LocalStack> {
  const dynamo = await startDynalite();
  const ses = await startSesEmulator();
  const config = loadConfig({ NEWSLETTER_DYNAMO_ENDPOINT: dynamo.endpoint, NEWSLETTER_SES_ENDPOINT: ses.endpoint, NEWSLETTER_TABLE: `t${Date.now()}`, ...env });
  return { dynamo, ses, config, stop: async () => { await dynamo.stop(); await ses.stop(); } };
}

/** Messages the SES emulator holds. */
export async function emulatorMessages(storeUrl: string): Promise<{ messageId: string; from: string; destination: { to: string[] }; subject: string; body: { text?: string; html?: string } }[]> {
  const r = await fetch(storeUrl);
  return ((await r.json()) as { emails: never[] }).emails;
}
