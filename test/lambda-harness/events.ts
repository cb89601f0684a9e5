/**
 * The events AWS sends each trigger, in the shapes of the AWS documentation: the EventBridge
 * Scheduler target input (read from the template), S3 ObjectCreated notifications, SES event
 * notifications wrapped by SNS, the SES receipt event, DynamoDB stream records (filtered by the
 * event source mapping's filter, as Lambda filters them) and API Gateway HTTP API (v2) requests.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Deployed } from '../infra/template-fixture.ts';
import { ofType } from '../infra/template-fixture.ts';

const REGION = 'eu-west-2';

/** The input a schedule of the template passes to its target function. */
export function scheduleInput(template: Deployed, functionId: string, matches: (input: Record<string, unknown>) => boolean = () => true): Record<string, unknown> {
  const inputs = ofType(template, 'AWS::Scheduler::Schedule')
    .map(([, s]) => s.Properties!.Target as { Arn: string; Input?: string })
    .filter((t) => t.Arn === `<${functionId}.Arn>`)
    .map((t) => JSON.parse(t.Input ?? '{}') as Record<string, unknown>)
    .filter(matches);
  if (!inputs.length) throw new Error(`no schedule targets ${functionId}`);
  return inputs[0];
}

/** S3 ObjectCreated:Put notifications for new objects (keys URL-encoded, as S3 sends them). */
export function s3ObjectCreated(bucket: string, objects: { key: string; size: number; etag?: string }[]) {
  return {
    Records: objects.map((o) => ({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: REGION,
      eventTime: new Date().toISOString(),
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: 'AWS:HARNESS' },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'harness',
        bucket: { name: bucket, ownerIdentity: { principalId: 'HARNESS' }, arn: `arn:aws:s3:::${bucket}` },
        object: { key: encodeURIComponent(o.key).replace(/%2F/g, '/').replace(/%20/g, '+'), size: o.size, eTag: (o.etag ?? '').replace(/"/g, ''), sequencer: Date.now().toString(16) },
      },
    })),
  };
}

/** An SES event notification (bounce, complaint, delivery) as the SNS topic delivers it to a Lambda subscriber. */
export function snsSesNotification(topicArn: string, notification: Record<string, unknown>) {
  const message = JSON.stringify(notification);
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:${randomUUID()}`,
        Sns: { Type: 'Notification', MessageId: randomUUID(), TopicArn: topicArn, Subject: null, Message: message, Timestamp: new Date().toISOString(), SignatureVersion: '1', Signature: 'HARNESS', SigningCertUrl: 'https://sns.eu-west-2.amazonaws.com/harness.pem', UnsubscribeUrl: 'https://sns.eu-west-2.amazonaws.com/?Action=Unsubscribe', MessageAttributes: {} },
      },
    ],
  };
}

/** SES's receipt event for a message its S3 action stored (verdicts as SES computed them). */
export function sesReceipt(messageId: string, mail: { from: string; to: string[]; subject: string }, verdict: 'PASS' | 'FAIL' = 'PASS') {
  const status = { status: verdict };
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: { timestamp: new Date().toISOString(), source: mail.from, messageId, destination: mail.to, headersTruncated: false, commonHeaders: { from: [mail.from], to: mail.to, subject: mail.subject } },
          receipt: { timestamp: new Date().toISOString(), processingTimeMillis: 120, recipients: mail.to, spamVerdict: status, virusVerdict: status, spfVerdict: status, dkimVerdict: status, dmarcVerdict: status, action: { type: 'Lambda', functionArn: 'arn:aws:lambda:eu-west-2:000000000000:function:inbound', invocationType: 'Event' } },
        },
      },
    ],
  };
}

/** DynamoDB stream INSERT records (KEYS_ONLY view) for new items, kept only when they pass the mapping's filter. */
export function dynamoStreamInserts(template: Deployed, functionId: string, keys: { pk: string; sk: string }[]) {
  const mapping = ofType(template, 'AWS::Lambda::EventSourceMapping').find(([, m]) => m.Properties?.FunctionName === `<ref:${functionId}>` && /StreamArn>$/.test(String(m.Properties?.EventSourceArn)));
  if (!mapping) throw new Error(`no stream mapping for ${functionId}`);
  const patterns = ((mapping[1].Properties!.FilterCriteria?.Filters ?? []) as { Pattern: string }[]).map((f) => JSON.parse(f.Pattern) as Record<string, unknown>);
  const records = keys.map((k, i) => ({
    eventID: createHash('sha1').update(`${k.pk}${k.sk}${i}`).digest('hex'),
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: REGION,
    dynamodb: { ApproximateCreationDateTime: Math.floor(Date.now() / 1000), Keys: { pk: { S: k.pk }, sk: { S: k.sk } }, SequenceNumber: String(1000 + i), SizeBytes: 64, StreamViewType: 'KEYS_ONLY' },
    eventSourceARN: 'arn:aws:dynamodb:eu-west-2:000000000000:table/harness/stream/2026-01-01T00:00:00.000',
  }));
  return { Records: records.filter((r) => !patterns.length || patterns.some((p) => matchesPattern(r, p))) };
}

/** EventBridge-style content filter: each key's list of allowed values, nested objects recursively. */
function matchesPattern(value: unknown, pattern: unknown): boolean {
  if (Array.isArray(pattern)) return pattern.includes(value as never);
  if (pattern && typeof pattern === 'object') return Object.entries(pattern).every(([k, p]) => matchesPattern((value as Record<string, unknown>)?.[k], p));
  return value === pattern;
}

/** An API Gateway HTTP API (payload 2.0) request. */
export function apiGatewayV2(method: string, rawPath: string, opts: { body?: string; contentType?: string; query?: string } = {}) {
  return {
    version: '2.0',
    routeKey: `${method} ${rawPath}`,
    rawPath,
    rawQueryString: opts.query ?? '',
    headers: { 'content-type': opts.contentType ?? 'application/json', host: 'abc123.execute-api.eu-west-2.amazonaws.com', 'user-agent': 'harness' },
    requestContext: { accountId: '000000000000', apiId: 'abc123', domainName: 'abc123.execute-api.eu-west-2.amazonaws.com', http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'harness' }, requestId: randomUUID(), routeKey: `${method} ${rawPath}`, stage: '$default', time: new Date().toUTCString(), timeEpoch: Date.now() },
    body: opts.body ? Buffer.from(opts.body).toString('base64') : undefined,
    isBase64Encoded: true,
  };
}
