/**
 * DocumentCache in the data folder (`<data>/cache/documents/<ab>/<key>.json`). Keys carry a
 * fingerprint of the ingesting code (the text-domain sources), so editing a cleaning rule
 * invalidates what it would change.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DocumentResult } from '../../domain/text/ingest-document.ts';
import type { DocumentCache } from '../../ports/document-cache.ts';

let fingerprint: string | null = null;

/** A hash of the text-domain source files (empty when they are not on disk, e.g. bundled). */
export function ingestCodeFingerprint(): string {
  if (fingerprint !== null) return fingerprint;
  const h = createHash('sha256');
  try {
    const dir = fileURLToPath(new URL('../../domain/text/', import.meta.url));
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const full = path.join(d, e.name);
        if (e.isDirectory()) walk(full);
        else if (e.name.endsWith('.ts') && statSync(full).isFile()) h.update(e.name).update(readFileSync(full));
      }
    };
    walk(dir);
    fingerprint = h.digest('hex').slice(0, 16);
  } catch {
    fingerprint = '';
  }
  return fingerprint;
}

export class FsDocumentCache implements DocumentCache {
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    if (!/^[a-f0-9]{16,128}$/.test(key)) throw new Error(`bad cache key '${key.slice(0, 20)}'`);
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<DocumentResult | null> {
    try {
      return JSON.parse(await readFile(this.file(key), 'utf8')) as DocumentResult;
    } catch {
      return null;
    }
  }

  async put(key: string, result: DocumentResult): Promise<void> {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, JSON.stringify(result));
    await rename(tmp, file);
  }
}
