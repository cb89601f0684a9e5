/** In-memory Mailer: keeps every message it is given (for tests) and can be told to fail. */
import { MailerError, type Mailer, type OutgoingMessage } from '../../ports/mailer.ts';

export class MemoryMailer implements Mailer {
  readonly sent: (OutgoingMessage & { messageId: string })[] = [];
  /** Errors to throw on the next calls, in order. */
  readonly failures: MailerError[] = [];
  private n = 0;

  async send(message: OutgoingMessage): Promise<{ messageId: string }> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    const messageId = `memory-${++this.n}`;
    this.sent.push({ ...message, messageId });
    return { messageId };
  }

  /** Raw text of the messages sent to one address. */
  to(address: string): string[] {
    return this.sent.filter((m) => m.to === address).map((m) => Buffer.from(m.raw).toString('utf8'));
  }
}

export { MailerError };
