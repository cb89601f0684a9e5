/** Lambda entry point for SES events (SNS): bounces and complaints suppress the address for every theme; deliveries, bounces, complaints, opens and clicks are counted per issue. */
import { DynamoEngagementStore } from '../adapters/dynamodb/dynamo-engagement-store.ts';
import { DynamoSuppressionList } from '../adapters/dynamodb/dynamo-suppression-list.ts';
import { openTable } from '../adapters/dynamodb/table.ts';
import { lambdaConfig } from './lambda-config.ts';
import { maskEmail } from '../domain/subscriptions/email-address.ts';
import { systemClock } from '../ports/clock.ts';
import { recordSesEvent } from '../services/record-ses-event.ts';

export async function handler(event: { Records: { Sns: { Message: string } }[] }): Promise<void> {
  const table = openTable(await lambdaConfig());
  const deps = { suppression: new DynamoSuppressionList(table), engagement: new DynamoEngagementStore(table), clock: systemClock };
  for (const record of event.Records) {
    const r = await recordSesEvent(deps, record);
    console.log(JSON.stringify({ level: 'info', event: 'ses_event', suppressed: r.suppressed.map(maskEmail), ignored: r.ignored, counted: r.counted }));
  }
}
