/**
 * `newsletter ses-event FILE.json`: runs an SES event notification (as SNS delivers it) through
 * the same code as the SES-events Lambda, against the local stack: suppression for bounces and
 * complaints, engagement counts per issue.
 */
import { readFile } from 'node:fs/promises';
import { DynamoEngagementStore } from '../../adapters/dynamodb/dynamo-engagement-store.ts';
import { DynamoSuppressionList } from '../../adapters/dynamodb/dynamo-suppression-list.ts';
import { openTable } from '../../adapters/dynamodb/table.ts';
import { maskEmail } from '../../domain/subscriptions/email-address.ts';
import { UsageError, ValidationError } from '../../errors.ts';
import { systemClock } from '../../ports/clock.ts';
import { recordSesEvent } from '../../services/record-ses-event.ts';
import type { CommandModule } from '../context.ts';

export const run: CommandModule['run'] = async (args, _opts, { config, out }) => {
  const file = args[0];
  if (!file) throw new UsageError('ses-event needs a notification file', 'newsletter ses-event FILE.json');
  let input: unknown;
  try {
    input = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new ValidationError(`cannot read '${file}' as JSON (${(err as Error).message.split('\n')[0]})`);
  }
  const table = openTable(config);
  const r = await recordSesEvent({ suppression: new DynamoSuppressionList(table), engagement: new DynamoEngagementStore(table), clock: systemClock }, input);
  out([r.counted ? `counted ${r.counted.kind} for ${r.counted.readers} reader(s) of ${r.counted.issueId}` : '', r.suppressed.length ? `suppressed ${r.suppressed.map(maskEmail).join(', ')}` : '', r.ignored ?? ''].filter(Boolean).join('; ') || 'nothing to do');
};
