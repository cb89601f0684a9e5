/**
 * Outbox port: a durable queue of subscribe requests whose confirmation mail is still to go.
 * The API only writes here (the same one write for every address, so no answer reveals an
 * address's state, and nothing is lost while SES is down); a worker delivers them.
 * Adapters: DynamoOutbox (the table; on AWS its stream wakes the worker), MemoryOutbox.
 */
export interface SubscribeRequest {
  email: string;
  themes: string[];
  source: 'web' | 'api' | 'email' | 'cli' | 'import';
  ip: string | null;
  /** When the reader asked (ISO). */
  at: string;
}

export interface OutboxJob {
  id: string;
  request: SubscribeRequest;
  attempts: number;
  /** Epoch ms from which the job may run. */
  dueAt: number;
  lastError?: string;
}

export interface Outbox {
  enqueue(id: string, request: SubscribeRequest, now: number): Promise<void>;
  /** Jobs due at `now`, oldest first. */
  due(now: number, limit: number): Promise<OutboxJob[]>;
  /** Takes a job for `owner` until `until` unless another worker holds it; false when taken. */
  lease(id: string, owner: string, now: number, until: number): Promise<boolean>;
  complete(id: string): Promise<void>;
  /** Puts a job back for later, counting the attempt. */
  retry(id: string, dueAt: number, error: string): Promise<void>;
  /** Jobs waiting (for tests and the operator). */
  size(): Promise<number>;
}
