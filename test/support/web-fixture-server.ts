/**
 * A local web server for the collect tests: RSS, Atom and JSON feeds pointing at article
 * pages (test/fixtures/collect), conditional requests (ETag / Last-Modified), and hostile
 * cases: an XML bomb, a body that is not a feed, a 30 MB body, redirect loops and chains,
 * a server that never answers, a page in windows-1251. Binds 127.0.0.1 on a free port.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const FIX = path.resolve(__dirname, '../fixtures/collect');

export interface WebFixture {
  base: string;
  /** Requests per path, and conditional requests answered 304. */
  hits: Map<string, number>;
  notModifiedAnswers: number;
  /** Most requests in flight at once. */
  peakConcurrent: number;
  /** Changes the body a page serves (to test a changed page). */
  setPage(route: string, html: string): void;
  close(): Promise<void>;
}

const rss = (base: string) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Rail Journal Daily</title><link>${base}/</link>
<item><title>Sleeper trains make a comeback across Europe</title><link>${base}/articles/sleeper-revival</link><pubDate>Fri, 20 Nov 2026 08:00:00 GMT</pubDate><dc:creator>Ines Kowalski</dc:creator></item>
<item><title>One ticket for a night across borders</title><link>${base}/articles/ticketing</link><pubDate>Wed, 18 Nov 2026 09:30:00 GMT</pubDate><author>desk@rail.example.org (Tomas Berg)</author></item>
<item><title>Same page, other anchor</title><link>${base}/articles/ticketing#comments</link><pubDate>Tue, 17 Nov 2026 09:30:00 GMT</pubDate></item>
<item><title>Local file</title><link>file:///etc/passwd</link><pubDate>Mon, 16 Nov 2026 09:30:00 GMT</pubDate></item>
<item><title>Script</title><link>javascript:alert(1)</link><pubDate>Mon, 16 Nov 2026 08:30:00 GMT</pubDate></item>
<item><title>Data</title><link>data:text/html,&lt;p&gt;hi&lt;/p&gt;</link><pubDate>Mon, 16 Nov 2026 07:30:00 GMT</pubDate></item>
</channel></rss>`;

const atom = (base: string) => `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Rail Journal Daily (Atom)</title><id>${base}/atom.xml</id><updated>2026-11-21T00:00:00Z</updated>
<entry><title>One ticket for a night across borders</title><link rel="alternate" href="${base}/articles/ticketing"/><id>t1</id><updated>2026-11-18T09:30:00Z</updated><author><name>Tomas Berg</name></author></entry>
<entry><title>Ночные поезда (meta)</title><link href="${base}/ru/meta"/><id>t2</id><updated>2026-11-19T09:30:00Z</updated></entry>
<entry><title>Ночные поезда (header)</title><link href="${base}/ru/header"/><id>t3</id><updated>2026-11-19T08:30:00Z</updated></entry>
</feed>`;

const jsonFeed = (base: string) => JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'Rail Journal Daily (JSON)',
  items: [
    { id: '1', url: `${base}/articles/sleeper-revival`, title: 'Sleeper trains make a comeback across Europe', date_published: '2026-11-20T08:00:00Z', authors: [{ name: 'Ines Kowalski' }] },
    { id: '2', url: `${base}/redirect/start`, title: 'Moved article', date_published: '2026-11-15T08:00:00Z' },
  ],
});

const BOMB = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><link>http://127.0.0.1:1/&lol9;</link></item></channel></rss>`;

/** Starts the server. */
export async function startWebFixture(): Promise<WebFixture> {
  const pages = new Map<string, string>([
    ['/articles/sleeper-revival', readFileSync(path.join(FIX, 'sleeper-revival.html'), 'utf8')],
    ['/articles/ticketing', readFileSync(path.join(FIX, 'ticketing.html'), 'utf8')],
    ['/articles/moved', readFileSync(path.join(FIX, 'ticketing.html'), 'utf8').replace('<title>', '<link rel="canonical" href="https://rail.example.org/moved"><title>').replace(/One ticket/g, 'Moved: one ticket')],
  ]);
  const cyrillic = readFileSync(path.join(FIX, 'cyrillic-1251.html'));
  let inFlight = 0;
  const fixture: WebFixture = {
    base: '',
    hits: new Map(),
    notModifiedAnswers: 0,
    peakConcurrent: 0,
    setPage: (route, html) => void pages.set(route, html),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const etagOf = (body: string | Buffer) => `"${Buffer.byteLength(body)}-${String(body).length % 997}"`;
  const send = (req: http.IncomingMessage, res: http.ServerResponse, type: string, body: string | Buffer) => {
    const etag = etagOf(body);
    if (req.headers['if-none-match'] === etag) {
      fixture.notModifiedAnswers++;
      res.writeHead(304, { etag });
      return res.end();
    }
    res.writeHead(200, { 'content-type': type, etag, 'last-modified': 'Fri, 20 Nov 2026 08:00:00 GMT' });
    res.end(body);
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const p = url.pathname;
    fixture.hits.set(p, (fixture.hits.get(p) ?? 0) + 1);
    inFlight++;
    fixture.peakConcurrent = Math.max(fixture.peakConcurrent, inFlight);
    res.on('close', () => inFlight--);
    const base = fixture.base;
    if (p === '/feed.xml') return send(req, res, 'application/rss+xml', rss(base));
    if (p === '/atom.xml') return send(req, res, 'application/atom+xml; charset=utf-8', atom(base));
    if (p === '/feed.json') return send(req, res, 'application/feed+json', jsonFeed(base));
    if (p === '/bomb.xml') return send(req, res, 'application/rss+xml', BOMB);
    if (p === '/not-a-feed') return send(req, res, 'application/rss+xml', 'this is { not xml, nor json');
    if (pages.has(p)) return send(req, res, 'text/html; charset=utf-8', pages.get(p)!);
    if (p === '/ru/meta') return send(req, res, 'text/html', cyrillic);
    if (p === '/ru/header') return send(req, res, 'text/html; charset=windows-1251', Buffer.from(cyrillic.toString('latin1').replace(/<meta charset="windows-1251">/, ''), 'latin1'));
    if (p === '/redirect/start') return res.writeHead(302, { location: '/redirect/middle' }).end();
    if (p === '/redirect/middle') return res.writeHead(301, { location: `${base}/articles/moved` }).end();
    if (p === '/loop/a') return res.writeHead(302, { location: '/loop/b' }).end();
    if (p === '/loop/b') return res.writeHead(302, { location: '/loop/a' }).end();
    if (p.startsWith('/chain/')) return res.writeHead(302, { location: `/chain/${Number(p.slice(7)) + 1}` }).end();
    if (p === '/to-file') return res.writeHead(302, { location: 'file:///etc/passwd' }).end();
    if (p === '/huge') {
      // 30 MB of page, chunked (no Content-Length): the client must stop reading at 5 MB.
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(1024 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 30 && !res.destroyed) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end();
      };
      return pump();
    }
    if (p === '/huge-declared') {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(30 * 1024 * 1024) });
      return res.write('<p>start</p>');
    }
    if (p === '/hang') return; // never answers
    if (p === '/trickle') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.write('<p>first bytes, then nothing');
    }
    if (p.startsWith('/slow/')) {
      // Answers after a short pause, so several requests overlap and the per-host limit shows.
      return setTimeout(() => send(req, res, 'text/html; charset=utf-8', pages.get('/articles/ticketing')!.replace('One ticket', `Slow ${p}`)), 40);
    }
    if (p === '/many.xml') {
      const items = Array.from({ length: 8 }, (_, i) => `<item><title>S${i}</title><link>${base}/slow/${i}</link></item>`).join('');
      return send(req, res, 'application/rss+xml', `<rss version="2.0"><channel><title>Many</title>${items}</channel></rss>`);
    }
    if (p === '/image.png') return send(req, res, 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fixture.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fixture;
}
