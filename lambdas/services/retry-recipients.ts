/**
 * retryRecipients: what happens to the recipients of a batch that could not go yet
 * (throttled, or SES unreachable): only they go back on the queue, after a delay that grows
 * with each round; after MAX_RETRY_ROUNDS they land on the dead-letter queue with the reason.
 * The rest of the batch is done and is not sent again.
 */
import type { Queue } from '../ports/queue.ts';
import type { SendBatchMessage } from './sending-deps.ts';

export const MAX_RETRY_ROUNDS = 3;
const RETRY_DELAY_MS = 5_000;

/** @returns 'requeued' or 'dead-lettered' (then the recipients count as failed in the report). */
export async function retryRecipients(queue: Queue<SendBatchMessage>, message: SendBatchMessage, recipients: string[], reason: string, delayMs?: number): Promise<'requeued' | 'dead-lettered'> {
  const round = (message.retry ?? 0) + 1;
  const body: SendBatchMessage = { ...message, recipients, retry: round };
  if (round > MAX_RETRY_ROUNDS) {
    await queue.deadLetter(body, `${recipients.length} recipient(s) not sent after ${MAX_RETRY_ROUNDS} retries: ${reason}`);
    return 'dead-lettered';
  }
  await queue.sendLater(body, delayMs ?? RETRY_DELAY_MS * 2 ** (round - 1));
  return 'requeued';
}
