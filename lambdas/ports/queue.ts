/**
 * Queue port: send batches fanned out to workers, with visibility timeout, retries and a
 * dead-letter queue (SQS on AWS, in-process locally). Owned by the sending issue.
 */
export interface QueueMessage<T> {
  id: string;
  body: T;
  /** How many times this message has been received (1 on first delivery). */
  receiveCount: number;
  receiptHandle: string;
}

export interface Queue<T> {
  send(body: T): Promise<void>;
  sendMany(bodies: T[]): Promise<void>;
  receive(max: number, visibilityTimeoutMs?: number): Promise<QueueMessage<T>[]>;
  ack(message: QueueMessage<T>): Promise<void>;
  /** Returns the message for redelivery (or to the dead-letter queue past max receives). */
  nack(message: QueueMessage<T>, reason: string): Promise<void>;
  /** Sends a message that becomes visible after `delayMs` (a retry of part of a batch). */
  sendLater(body: T, delayMs: number): Promise<void>;
  /** Puts a message straight on the dead-letter queue with its reason. */
  deadLetter(body: T, reason: string): Promise<void>;
  deadLetters(): Promise<{ body: T; reason: string }[]>;
  /** Moves dead letters back to the main queue; returns how many moved. */
  redrive(filter?: (body: T) => boolean): Promise<number>;
}
