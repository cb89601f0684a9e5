/**
 * The feeds of a theme's archive: Atom 1.0 and JSON Feed 1.1, built from the published
 * issues (newest first), with every value escaped for its format and nothing personal:
 * only the issue's subject, date, summary and public archive address.
 */

export interface ArchiveEntry {
  issueId: string;
  themeId: string;
  subject: string;
  /** The period's day, YYYY-MM-DD (the issue's one date). */
  period: string;
  publishedAt: string;
  /** One-paragraph summary (the preheader or the brief). */
  summary: string;
  /** Absolute address of the issue's archive page. */
  url: string;
  /** The issue's HTML content for the feeds (no personal link). */
  contentHtml: string;
}

const xml = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** Atom 1.0 feed of a theme's issues. */
export function atomFeed(feed: { title: string; description: string; selfUrl: string; pageUrl: string; updated: string; entries: ArchiveEntry[] }): string {
  const entries = feed.entries
    .map(
      (e) => `  <entry>
    <id>${xml(e.url)}</id>
    <title>${xml(e.subject)}</title>
    <link rel="alternate" type="text/html" href="${xml(e.url)}"/>
    <published>${xml(e.publishedAt)}</published>
    <updated>${xml(e.publishedAt)}</updated>
    <summary>${xml(e.summary)}</summary>
    <content type="html">${xml(e.contentHtml)}</content>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xml(feed.pageUrl)}</id>
  <title>${xml(feed.title)}</title>
  <subtitle>${xml(feed.description)}</subtitle>
  <link rel="self" type="application/atom+xml" href="${xml(feed.selfUrl)}"/>
  <link rel="alternate" type="text/html" href="${xml(feed.pageUrl)}"/>
  <updated>${xml(feed.updated)}</updated>
  <author><name>${xml(feed.title)}</name></author>
${entries}
</feed>
`;
}

/** JSON Feed 1.1 of a theme's issues. */
export function jsonFeed(feed: { title: string; description: string; selfUrl: string; pageUrl: string; entries: ArchiveEntry[] }): string {
  return `${JSON.stringify(
    {
      version: 'https://jsonfeed.org/version/1.1',
      title: feed.title,
      description: feed.description,
      home_page_url: feed.pageUrl,
      feed_url: feed.selfUrl,
      items: feed.entries.map((e) => ({ id: e.url, url: e.url, title: e.subject, summary: e.summary, content_html: e.contentHtml, date_published: e.publishedAt })),
    },
    null,
    2,
  )}\n`;
}
