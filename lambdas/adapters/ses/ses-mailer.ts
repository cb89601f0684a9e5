/** Mailer on SES (`@aws-sdk/client-ses` SendRawEmail); SES errors become MailerError kinds. */
import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import type { Config } from '../../config.ts';
import { MailerError, type Mailer, type OutgoingMessage } from '../../ports/mailer.ts';

const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'MaxSendingRateExceeded']);
const PERMANENT = new Set(['MessageRejected', 'MailFromDomainNotVerifiedException', 'ConfigurationSetDoesNotExistException', 'AccountSendingPausedException', 'InvalidParameterValue']);

export class SesMailer implements Mailer {
  private readonly client: SESClient;

  constructor(private readonly config: Pick<Config, 'aws'>) {
    this.client = new SESClient({
      region: config.aws.region,
      ...(config.aws.sesEndpoint ? { endpoint: config.aws.sesEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
      maxAttempts: 1,
    });
  }

  async send(message: OutgoingMessage): Promise<{ messageId: string }> {
    try {
      const r = await this.client.send(
        new SendRawEmailCommand({
          RawMessage: { Data: message.raw },
          Destinations: [message.to],
          ConfigurationSetName: this.config.aws.configurationSet ?? undefined,
          Tags: Object.entries(message.tags ?? {}).map(([Name, Value]) => ({ Name, Value: Value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256) })),
        }),
      );
      return { messageId: r.MessageId ?? '' };
    } catch (err) {
      const name = (err as { name?: string }).name ?? '';
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
      if (THROTTLED.has(name) || status === 429) throw new MailerError('throttled', `SES throttled the send (${name || status})`);
      if (PERMANENT.has(name) || (status >= 400 && status < 500)) throw new MailerError('permanent', `SES refused the message: ${name || status}`);
      throw new MailerError('transient', `SES is not reachable or failed (${name || (err as Error).message})`);
    }
  }
}
