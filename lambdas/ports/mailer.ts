/** Mailer port: hands one complete MIME message to the mail service (SES SendEmail, raw content). */
export interface OutgoingMessage {
  /** Envelope recipient. */
  to: string;
  /** Complete RFC 5322 message (headers + body). */
  raw: Uint8Array;
  /** Tags for SES event correlation (issue id, theme). */
  tags?: Record<string, string>;
  /** The SES configuration set (a tracking one only for themes that opted in). */
  configurationSet?: string | null;
}

/**
 * Why a send failed. `throttled` and `transient` mean the service did not take the message
 * (throttling, connection refused or not established): safe to retry. `uncertain` means it
 * may have (a timeout or reset after the request was written, a 5xx): never retried
 * automatically. `permanent`: the service refused this message; give up on the recipient.
 */
export type MailerErrorKind = 'throttled' | 'transient' | 'uncertain' | 'permanent';

export class MailerError extends Error {
  constructor(readonly kind: MailerErrorKind, message: string) {
    super(message);
    this.name = 'MailerError';
  }
}

/** The account's sending quota as the mail service reports it. */
export interface SendQuota {
  /** Messages per second the account may send. */
  maxSendRate: number;
  /** Messages per 24 hours, and how many went in the last 24 hours. */
  max24HourSend: number;
  sentLast24Hours: number;
}

export interface Mailer {
  /** Returns the provider's message id. Throws MailerError. */
  send(message: OutgoingMessage): Promise<{ messageId: string }>;
  /** The account's quota (SES GetAccount), or null when the service does not say. */
  sendQuota?(): Promise<SendQuota | null>;
}
