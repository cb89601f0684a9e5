/** IssueStore on S3: `issues/<id>.json`, written with If-None-Match: * so the first build of a period wins. */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { IssueStore, StoredIssue } from '../../ports/issue-store.ts';

export class S3IssueStore implements IssueStore {
  private readonly client: S3Client;

  /** @param endpoint an S3 stand-in (path-style), or none for AWS */
  constructor(private readonly bucket: string, region: string, endpoint?: string | null) {
    this.client = new S3Client({ region, ...(endpoint ? { endpoint, forcePathStyle: true } : {}) });
  }

  async get(id: string): Promise<StoredIssue | null> {
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: `issues/${id}.json` }));
      return JSON.parse(await r.Body!.transformToString()) as StoredIssue;
    } catch (err) {
      if ((err as { name?: string }).name === 'NoSuchKey') return null;
      throw err;
    }
  }

  async putIfAbsent(issue: StoredIssue): Promise<{ issue: StoredIssue; created: boolean }> {
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: `issues/${issue.id}.json`, Body: JSON.stringify(issue), ContentType: 'application/json', IfNoneMatch: '*' }));
      return { issue, created: true };
    } catch (err) {
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status !== 412 && (err as { name?: string }).name !== 'PreconditionFailed') throw err;
      return { issue: (await this.get(issue.id))!, created: false };
    }
  }

  async listByTheme(themeId: string): Promise<StoredIssue[]> {
    return (await this.list()).filter((i) => i.themeId === themeId);
  }

  async list(): Promise<StoredIssue[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const r = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: 'issues/', ContinuationToken: token }));
      keys.push(...(r.Contents ?? []).map((o) => o.Key!).filter(Boolean));
      token = r.NextContinuationToken;
    } while (token);
    const issues = (await Promise.all(keys.map((k) => this.get(k.replace(/^issues\/|\.json$/g, ''))))).filter((i): i is StoredIssue => i !== null);
    return issues.sort((a, b) => b.period.localeCompare(a.period) || b.edition - a.edition);
  }
}
