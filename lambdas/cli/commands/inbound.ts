/**
 * `newsletter inbound FILE.eml [--authserv-id ID]`: runs an inbound message through the same
 * service the SES receipt Lambda uses. With no receipt event, the verdicts are those of the
 * message's topmost Authentication-Results header when its authserv-id is the trusted one
 * (amazonses.com unless --authserv-id names the local receiving server).
 */
import { readFile } from 'node:fs/promises';
import { loadThemes } from '../../adapters/fs/themes-file.ts';
import { UsageError } from '../../errors.ts';
import { wireSubscriptionDeps } from '../../handlers/subscription-wiring.ts';
import { receiveInboundEmail } from '../../services/receive-inbound-email.ts';
import type { CommandModule } from '../context.ts';

export const run: CommandModule['run'] = async (args, opts, { config, out }) => {
  let raw: Buffer;
  try {
    raw = await readFile(args[0]);
  } catch {
    throw new UsageError(`cannot read '${args[0]}'`, 'pass a .eml file');
  }
  const authservId = opts.authservId === undefined ? undefined : String(opts.authservId);
  if (authservId !== undefined && !/^[A-Za-z0-9.-]+$/.test(authservId)) throw new UsageError(`--authserv-id must be a host name, got '${authservId}'`);
  const result = await receiveInboundEmail(wireSubscriptionDeps(config, await loadThemes(config.themesFile)), raw, { trustedAuthServId: authservId });
  out(`${result.action}${result.themes.length ? ` (${result.themes.join(', ')})` : ''}: ${result.reason}`);
  return 0;
};
