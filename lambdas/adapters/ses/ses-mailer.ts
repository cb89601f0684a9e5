/**
 * Mailer on SES (`@aws-sdk/client-sesv2` SendEmail with raw content) with connect and request
 * timeouts. The v2 API's JSON body costs the sender far less than v1's form-encoded
 * SendRawEmail (which percent-encodes every character of the message); an ASCII message is
 * handed to the SDK as a string so its base64 is Node's native one.
 * SES errors become MailerError kinds by what they say about delivery: throttling and a
 * connection never made are safe to retry; a timeout, a reset or a 5xx once the request was
 * written are `uncertain` (SES may have accepted the message); a 4xx is permanent.
 */
import { isAscii } from 'node:buffer';
import { GetAccountCommand, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Config } from '../../config.ts';
import { MailerError, type Mailer, type OutgoingMessage, type SendQuota } from '../../ports/mailer.ts';

const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'MaxSendingRateExceeded', 'LimitExceededException']);
const PERMANENT = new Set(['MessageRejected', 'MailFromDomainNotVerifiedException', 'ConfigurationSetDoesNotExistException', 'AccountSendingPausedException', 'InvalidParameterValue', 'BadRequestException', 'NotFoundException', 'SendingPausedException', 'AccountSuspendedException']);

export class SesMailer implements Mailer {
  private readonly client: SESv2Client;

  constructor(private readonly config: Pick<Config, 'aws'> & Partial<Pick<Config, 'sesConnectTimeoutMs' | 'sesRequestTimeoutMs'>>) {
    this.client = new SESv2Client({
      region: config.aws.region,
      ...(config.aws.sesEndpoint ? { endpoint: config.aws.sesEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
      maxAttempts: 1,
      // throwOnRequestTimeout: without it the SDK only logs a warning and the send hangs.
      requestHandler: { connectionTimeout: config.sesConnectTimeoutMs ?? 2_000, requestTimeout: config.sesRequestTimeoutMs ?? 10_000, throwOnRequestTimeout: true },
    });
  }

  async send(message: OutgoingMessage): Promise<{ messageId: string }> {
    try {
      const r = await this.client.send(
        new SendEmailCommand({
          // A string blob is base64-encoded natively by the SDK (a byte array goes through a
          // JavaScript loop); only an all-ASCII message survives the string round trip as is.
          Content: { Raw: { Data: (isAscii(message.raw) ? Buffer.from(message.raw.buffer, message.raw.byteOffset, message.raw.byteLength).toString('latin1') : message.raw) as Uint8Array } },
          Destination: { ToAddresses: [message.to] },
          ConfigurationSetName: message.configurationSet ?? this.config.aws.configurationSet ?? undefined,
          EmailTags: Object.entries(message.tags ?? {}).map(([Name, Value]) => ({ Name, Value: Value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256) })),
        }),
      );
      return { messageId: r.MessageId ?? '' };
    } catch (err) {
      throw classifySesError(err);
    }
  }

  /** The account's sending quota (GetAccount); null when SES does not answer it (an emulator, no permission). */
  async sendQuota(): Promise<SendQuota | null> {
    try {
      const q = (await this.client.send(new GetAccountCommand({}))).SendQuota;
      if (!q || typeof q.MaxSendRate !== 'number' || q.MaxSendRate <= 0) return null;
      return { maxSendRate: q.MaxSendRate, max24HourSend: q.Max24HourSend ?? 0, sentLast24Hours: q.SentLast24Hours ?? 0 };
    } catch {
      return null;
    }
  }
}

/** Connection errors raised before a request could be written. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** What an SES error says about delivery (see the module comment). */
export function classifySesError(err: unknown): MailerError {
  const e = err as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = e.name ?? '';
  const status = e.$metadata?.httpStatusCode ?? 0;
  const message = String(e.message ?? '');
  if (THROTTLED.has(name) || status === 429) return new MailerError('throttled', `SES throttled the send (${name || status})`);
  if (status >= 500) return new MailerError('uncertain', `SES answered ${status} after the request was sent; it may have accepted the message`);
  if (PERMANENT.has(name) || (status >= 400 && status < 500)) return new MailerError('permanent', `SES refused the message: ${name || status}`);
  if (NOT_CONNECTED.has(e.code ?? '') || /ECONNREFUSED/.test(message)) return new MailerError('transient', `SES is not reachable (${e.code ?? 'connection refused'}); nothing was sent`);
  if (/without establishing a connection/i.test(message)) return new MailerError('transient', 'SES connection timed out before anything was sent');
  // A request timeout, a reset or a hang-up once the request was on its way: outcome unknown.
  return new MailerError('uncertain', `SES reply lost (${name || e.code || message.split('\n')[0]}); the message may have been accepted`);
}
