/**
 * ArchiveStore port: the public archive's static files (pages and feeds) by key, e.g.
 * `index.html`, `<theme>/index.html`, `<theme>/<issueId>`, `<theme>/feed.xml`, plus a private
 * manifest per theme (`_manifest/<theme>.json`) that is never served. Adapters: FsArchiveStore
 * (the data folder, served by the local API), S3ArchiveStore (a bucket behind CloudFront).
 */
export interface ArchiveStore {
  put(key: string, body: string, contentType: string): Promise<void>;
  /** The file, or null. */
  get(key: string): Promise<{ body: Buffer; contentType: string } | null>;
}

/** Content type of an archive key. */
export function archiveContentType(key: string): string {
  if (key.endsWith('.xml')) return 'application/atom+xml; charset=utf-8';
  if (key.endsWith('.json')) return 'application/feed+json; charset=utf-8';
  return 'text/html; charset=utf-8';
}
