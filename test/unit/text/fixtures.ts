/** Loads the hand-written ingestion fixtures of test/fixtures/text. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/text');

/** Bytes of one fixture file. */
export function fixture(name: string): Uint8Array {
  return readFileSync(path.join(FIXTURES, name));
}
