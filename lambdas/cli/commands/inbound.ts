/** `newsletter inbound FILE.eml`: runs an inbound message through the same service the SES receipt Lambda uses (verdicts from its Authentication-Results header). */
import { readFile } from 'node:fs/promises';
import { loadThemes } from '../../adapters/fs/themes-file.ts';
import { UsageError } from '../../errors.ts';
import { wireSubscriptionDeps } from '../../handlers/subscription-wiring.ts';
import { receiveInboundEmail } from '../../services/receive-inbound-email.ts';
import type { CommandModule } from '../context.ts';

export const run: CommandModule['run'] = async (args, _opts, { config, out }) => {
  let raw: Buffer;
  try {
    raw = await readFile(args[0]);
  } catch {
    throw new UsageError(`cannot read '${args[0]}'`, 'pass a .eml file');
  }
  const result = await receiveInboundEmail(wireSubscriptionDeps(config, await loadThemes(config.themesFile)), raw);
  out(`${result.action}${result.themes.length ? ` (${result.themes.join(', ')})` : ''}: ${result.reason}`);
  return 0;
};
