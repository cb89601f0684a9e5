/** Lambda entry point for SES bounce and complaint notifications (SNS): suppresses the addresses for every theme. */
import { DynamoSuppressionList } from '../adapters/dynamodb/dynamo-suppression-list.ts';
import { openTable } from '../adapters/dynamodb/table.ts';
import { lambdaConfig } from './lambda-config.ts';
import { maskEmail } from '../domain/subscriptions/email-address.ts';
import { systemClock } from '../ports/clock.ts';
import { recordSesEvent } from '../services/record-ses-event.ts';

export async function handler(event: { Records: { Sns: { Message: string } }[] }): Promise<void> {
  const deps = { suppression: new DynamoSuppressionList(openTable(await lambdaConfig())), clock: systemClock };
  for (const record of event.Records) {
    const r = await recordSesEvent(deps, record);
    console.log(JSON.stringify({ level: 'info', event: 'ses_event', suppressed: r.suppressed.map(maskEmail), ignored: r.ignored }));
  }
}
