/**
 * Strict request bodies: every API route holds its body to a schema, an unknown field is a
 * 400 naming it (prototype-shaped keys included, JSON and forms alike), nothing is stored,
 * and the answer is the same whether or not the address is known.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../../lambdas/handlers/http/http-types.ts';
import { readBody } from '../../../lambdas/handlers/http/request-body.ts';
import { handleHttp } from '../../../lambdas/handlers/http/routes.ts';
import { memorySubscriptionDeps, type MemorySubscriptionDeps } from '../../support/memory-subscription-deps.ts';

let deps: MemorySubscriptionDeps;

beforeEach(async () => {
  deps = memorySubscriptionDeps({ now: () => new Date('2026-12-02T10:00:00Z') });
  await deps.store.setThemes('known@example.com', [{ themeId: 'junior-partner', status: 'active' }], 'x');
});

function request(pathAndQuery: string, body: string, contentType: string | undefined, accept?: string): HttpRequest {
  const url = new URL(pathAndQuery, 'http://127.0.0.1');
  return { method: 'POST', path: url.pathname, query: url.searchParams, headers: { 'content-type': contentType, accept, host: '127.0.0.1' }, body, ip: '203.0.113.9' };
}

const json = (body: object | string) => (typeof body === 'string' ? body : JSON.stringify(body));

describe('POST /subscribe with fields it does not know', () => {
  it.each([
    ['a __proto__ key (JSON)', '{"email":"EMAIL","themes":["junior-partner"],"__proto__":{"polluted":true}}', 'application/json', '__proto__'],
    ['a constructor key (JSON)', '{"email":"EMAIL","themes":["junior-partner"],"constructor":{"prototype":{"x":1}}}', 'application/json', 'constructor'],
    ['a prototype key (JSON)', '{"email":"EMAIL","themes":["junior-partner"],"prototype":1}', 'application/json', 'prototype'],
    ['a toString key (JSON)', '{"email":"EMAIL","themes":["junior-partner"],"toString":1}', 'application/json', 'toString'],
    ['a typo: theme for themes (JSON)', '{"email":"EMAIL","theme":["junior-partner"]}', 'application/json', 'theme'],
    ['a __proto__ field (form)', 'email=EMAIL&themes=junior-partner&__proto__=x', 'application/x-www-form-urlencoded', '__proto__'],
    ['a constructor field (form)', 'email=EMAIL&themes=junior-partner&constructor=x', 'application/x-www-form-urlencoded', 'constructor'],
    ['a toString field (form)', 'email=EMAIL&themes=junior-partner&toString=1', 'application/x-www-form-urlencoded', 'toString'],
  ])('%s is a 400 naming it, the same for a known and an unknown address, and nothing is stored', async (_name, template, type, field) => {
    // Prepare
    const known = request('/subscribe', template.replace('EMAIL', 'known@example.com'), type, 'application/json');
    const unknown = request('/subscribe', template.replace('EMAIL', 'new@example.com'), type, 'application/json');
    // Act
    const a = await handleHttp(deps, known);
    const b = await handleHttp(deps, unknown);
    // Assess
    expect(a.status).toBe(400);
    expect(JSON.parse(a.body).error).toMatch(new RegExp(`^unknown field '${field}'`));
    expect(b).toEqual(a);
    expect(await deps.outbox.size()).toBe(0);
    expect(await deps.store.get('new@example.com')).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names the field the typo meant', async () => {
    // Act
    const r = await handleHttp(deps, request('/subscribe', json({ email: 'a@example.com', theme: ['junior-partner'] }), 'application/json'));
    // Assess
    expect(JSON.parse(r.body).error).toBe("unknown field 'theme'; did you mean 'themes'? this request takes only: email, themes");
  });

  it('gives a browser the form again, with what was typed and the error', async () => {
    // Act
    const r = await handleHttp(deps, request('/subscribe', 'email=typed%40example.com&themes=junior-partner&colour=blue', 'application/x-www-form-urlencoded', 'text/html'));
    // Assess
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toMatch(/text\/html/);
    expect(r.body).toContain('value="typed@example.com"');
    expect(r.body).toContain('unknown field &#39;colour&#39;');
  });

  it('takes a valid body as before', async () => {
    // Act
    const r = await handleHttp(deps, request('/subscribe', json({ email: 'new@example.com', themes: ['junior-partner'] }), 'application/json'));
    // Assess
    expect(r.status).toBe(202);
  });

  it('refuses a content type that only contains "json", and any other type, with 415', async () => {
    // Act
    const a = await handleHttp(deps, request('/subscribe', json({ email: 'new@example.com', themes: ['junior-partner'] }), 'text/notjson-really', 'application/json'));
    const b = await handleHttp(deps, request('/subscribe', json({ email: 'new@example.com', themes: ['junior-partner'] }), 'text/plain', 'application/json'));
    // Assess
    expect(a.status).toBe(415);
    expect(b.status).toBe(415);
    expect(await deps.store.get('new@example.com')).toBeNull();
  });
});

describe('strict bodies on the other routes', () => {
  it.each([
    ['/unsubscribe?token=t', 'List-Unsubscribe=One-Click&extra=1', 'application/x-www-form-urlencoded', 'extra'],
    ['/preferences?token=t', 'themes=junior-partner&admin=1', 'application/x-www-form-urlencoded', 'admin'],
    ['/confirm?token=t', '{"force":true}', 'application/json', 'force'],
    ['/confirm/resend?token=t', '{"__proto__":{}}', 'application/json', '__proto__'],
    ['/unsubscribe/undo?token=t', 'themes=junior-partner', 'application/x-www-form-urlencoded', 'themes'],
  ])('POST %s with an unknown field is a 400 naming it', async (route, body, type, field) => {
    // Act
    const r = await handleHttp(deps, request(route, body, type, 'application/json'));
    // Assess
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error).toMatch(new RegExp(`^unknown field '${field}'`));
  });

  it('POST /sends refuses an unknown field before it sends anything', async () => {
    // Prepare
    let sent = 0;
    const withSends = { ...deps, sends: async () => { sent++; return {} as never; } };
    const req = request('/sends', json({ theme: 'junior-partner', dryrun: true }), 'application/json');
    req.headers.authorization = `Bearer ${deps.config.apiBearerToken}`;
    // Act
    const r = await handleHttp(withSends, req);
    // Assess
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error).toMatch(/^unknown field 'dryrun'; did you mean 'dryRun'\?/);
    expect(sent).toBe(0);
  });
});

describe('readBody', () => {
  it('reads repeated form fields as a list and a lone one as a string', () => {
    // Act
    const many = readBody(request('/subscribe', 'email=a%40b.c&themes=x&themes=y', 'application/x-www-form-urlencoded'), 'subscribe');
    const one = readBody(request('/subscribe', 'email=a%40b.c&themes=x', undefined), 'subscribe');
    // Assess
    expect(many.themes).toEqual(['x', 'y']);
    expect(one.themes).toBe('x');
  });

  it('refuses nested objects and wrong types, naming the field', () => {
    // Act / Assess
    expect(() => readBody(request('/subscribe', '{"email":{"$ne":1},"themes":["x"]}', 'application/json'), 'subscribe')).toThrow("'email' must be an email address");
    expect(() => readBody(request('/subscribe', '{"email":"a@b.c","themes":[{"a":1}]}', 'application/json'), 'subscribe')).toThrow("'themes' must be a list of theme ids");
    expect(() => readBody(request('/subscribe', '[1,2]', 'application/json'), 'subscribe')).toThrow('the body is not a JSON object');
    expect(() => readBody(request('/subscribe', '{"email":', 'application/json'), 'subscribe')).toThrow('the body is not valid JSON');
  });

  it('takes the one-click body and an empty one', () => {
    // Act / Assess
    expect({ ...readBody(request('/unsubscribe', 'List-Unsubscribe=One-Click', 'application/x-www-form-urlencoded'), 'unsubscribe') }).toEqual({ 'List-Unsubscribe': 'One-Click' });
    expect({ ...readBody(request('/unsubscribe', '', undefined), 'unsubscribe') }).toEqual({});
  });
});

describe('a part that is down', () => {
  it('answers 503 with Retry-After when the database is not reachable, and stores nothing', async () => {
    // Prepare
    const { ServiceUnavailableError } = await import('../../../lambdas/errors.ts');
    const down = { ...deps, limiter: { hit: async () => { throw new ServiceUnavailableError('the database'); } } };
    // Act
    const r = await handleHttp(down, request('/subscribe', json({ email: 'new@example.com', themes: ['junior-partner'] }), 'application/json'));
    // Assess
    expect(r.status).toBe(503);
    expect(r.headers['retry-after']).toBe('30');
    expect(await deps.outbox.size()).toBe(0);
  });
});
