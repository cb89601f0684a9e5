/**
 * The public site as deployed (issue #26): every link a mail or page carries is served by
 * the distribution on the public domain (the API behind the default behaviour, the archive
 * under /archive/ without its private manifests), the alias, certificate and records come
 * from parameters, limits are per client (WAF) rather than stage-wide, and only the
 * functions that sign links hold the token secret. The template is read as CloudFormation
 * would deploy it with given parameters (template-fixture.ts); the viewer-request function
 * and the WAF rules are run against requests.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../lambdas/config.ts';
import { confirmLink, listUnsubscribeHeader, recipientLinks, undoLink } from '../../lambdas/domain/subscriptions/links.ts';
import { confirmPage, expiredConfirmPage, preferencesPage, subscribePage, unsubscribedPage, unsubscribePage } from '../../lambdas/handlers/http/pages.ts';
import type { ArchiveStore } from '../../lambdas/ports/archive-store.ts';
import { ARCHIVE_VIEWER_REQUEST_CODE } from '../../infra/constructs/archive-viewer-request.ts';
import { RATE_LIMITS } from '../../infra/constructs/edge-protection.ts';
import { STAGE_THROTTLE, SUBSCRIBE_THROTTLE } from '../../infra/constructs/api.ts';
import { publicSiteParameters } from '../../infra/constructs/public-site-parameters.ts';
import { CLOUDFRONT_HOSTED_ZONE_ID } from '../../infra/constructs/public-site.ts';
import { NewsletterEdgeStack } from '../../infra/stacks/edge-stack.ts';
import { deploy, functionIds, NEWSLETTER_FUNCTIONS, ofType, ROOT, synthStacks, themes, type CfnTemplate, type Deployed, type FunctionName } from './template-fixture.ts';

const DOMAIN = 'news.example.org';
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
const ZONE = 'Z0123456789ABCDEFGHIJ';
const WEB_ACL = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/Newsletter-dev-edge-limits/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';

let synth: ReturnType<typeof synthStacks>;
let template: CfnTemplate;

beforeAll(() => {
  synth = synthStacks('dev');
  template = synth.template;
}, 120_000);

// --- Reading the deployed distribution --------------------------------------------------

type Served = { origin: 'api'; routeKey: string } | { origin: 'archive'; key: string } | { status: number };

/** CloudFront's path patterns: `*` any characters, `?` one, case-sensitive. */
function matchesPattern(pattern: string, p: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(p);
}

/** The viewer-request function as CloudFront runs it (its code from the template). */
function runFunction(code: string, method: string, uri: string): { uri: string } | { statusCode: number; headers?: Record<string, { value: string }> } {
  const handler = new Function(`${code}; return handler;`)() as (e: unknown) => any;
  return handler({ version: '1.0', context: {}, viewer: { ip: '198.51.100.7' }, request: { method, uri, querystring: { utm_source: { value: 'x' } }, headers: {}, cookies: {} } });
}

/** What the deployed site does with a request: which origin and route or key, or which status. */
function serve(d: Deployed, method: string, url: string): Served {
  const [, dist] = ofType(d, 'AWS::CloudFront::Distribution')[0];
  const cfg = dist.Properties!.DistributionConfig;
  const p = new URL(url).pathname;
  const behavior = (cfg.CacheBehaviors ?? []).find((b: any) => matchesPattern(b.PathPattern, p)) ?? cfg.DefaultCacheBehavior;
  if (!behavior.AllowedMethods.includes(method)) return { status: 403 };
  let uri = p;
  for (const a of behavior.FunctionAssociations ?? []) {
    const fnId = /^<(.+)\.FunctionARN>$/.exec(a.FunctionARN)![1];
    const out = runFunction(d.resources[fnId].Properties!.FunctionCode, method, uri);
    if ('statusCode' in out) return { status: out.statusCode };
    uri = out.uri;
  }
  const origin = cfg.Origins.find((o: any) => o.Id === behavior.TargetOriginId);
  const [apiId] = ofType(d, 'AWS::ApiGatewayV2::Api')[0];
  if (origin.DomainName === `<ref:${apiId}>.execute-api.eu-west-2.amazonaws.com`) {
    const routeKey = `${method} ${uri}`;
    return ofType(d, 'AWS::ApiGatewayV2::Route').some(([, r]) => r.Properties!.RouteKey === routeKey) ? { origin: 'api', routeKey } : { status: 404 };
  }
  const archiveBucket = ofType(d, 'AWS::S3::Bucket').find(([id]) => id.startsWith('ArchiveArchiveBucket'))![0];
  expect(origin.DomainName).toBe(`<${archiveBucket}.RegionalDomainName>`);
  return { origin: 'archive', key: uri.slice(1) };
}

/** Every newsletter Lambda's environment, as deployed. */
function environments(d: Deployed): Record<FunctionName, Record<string, string>> {
  const ids = functionIds(d);
  return Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, d.resources[id].Properties!.Environment.Variables])) as Record<FunctionName, Record<string, string>>;
}

class MapArchiveStore implements ArchiveStore {
  readonly files = new Map<string, string>();
  async put(key: string, body: string): Promise<void> {
    this.files.set(key, body);
  }
  async get(key: string) {
    const b = this.files.get(key);
    return b === undefined ? null : { body: Buffer.from(b), contentType: 'text/html' };
  }
}

/** The route keys the API's route table handles (lambdas/handlers/http/routes.ts). */
function routeTableKeys(): string[] {
  const src = readFileSync(path.join(ROOT, 'lambdas/handlers/http/routes.ts'), 'utf8');
  return [...src.matchAll(/case '((?:GET|POST) \/[^']*)'/g)].map((m) => m[1]);
}

// --- The domain, its certificate and records ------------------------------------------

describe('the public site on its domain', () => {
  it('carries the alias and certificate of the parameters, and every function links to that domain', () => {
    // Act
    const d = deploy(template, { DomainName: DOMAIN, CertificateArn: CERT });
    // Assess
    const [, dist] = ofType(d, 'AWS::CloudFront::Distribution')[0];
    expect(ofType(d, 'AWS::CloudFront::Distribution')).toHaveLength(1);
    expect(dist.Properties!.DistributionConfig.Aliases).toEqual([DOMAIN]);
    expect(dist.Properties!.DistributionConfig.ViewerCertificate).toEqual({ AcmCertificateArn: CERT, SslSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' });
    for (const [name, env] of Object.entries(environments(d))) expect([name, env.NEWSLETTER_PUBLIC_URL]).toEqual([name, `https://${DOMAIN}`]);
    expect(d.outputs.PublicUrl).toBe(`https://${DOMAIN}`);
    expect(d.outputs.ArchiveUrl).toBe(`https://${DOMAIN}/archive/`);
  });

  it('without a domain, links to the distribution\'s own https domain, never a placeholder', () => {
    // Act
    const d = deploy(template);
    // Assess
    const [distId, dist] = ofType(d, 'AWS::CloudFront::Distribution')[0];
    expect(dist.Properties!.DistributionConfig.Aliases).toBeUndefined();
    expect(dist.Properties!.DistributionConfig.ViewerCertificate).toEqual({ CloudFrontDefaultCertificate: true });
    for (const env of Object.values(environments(d))) expect(env.NEWSLETTER_PUBLIC_URL).toBe(`https://<${distId}.DomainName>`);
    expect(JSON.stringify(d.resources)).not.toContain('example.org/');
    expect(ofType(d, 'AWS::Route53::RecordSet')).toEqual([]);
    expect(d.outputs.DnsRecordToCreate).toBeUndefined();
  });

  it('creates the A and AAAA alias records in the hosted zone given, else names the record to create', () => {
    // Act
    const withZone = deploy(template, { DomainName: DOMAIN, CertificateArn: CERT, HostedZoneId: ZONE });
    const byHand = deploy(template, { DomainName: DOMAIN, CertificateArn: CERT });
    // Assess
    const [distId] = ofType(withZone, 'AWS::CloudFront::Distribution')[0];
    const records = ofType(withZone, 'AWS::Route53::RecordSet').map(([, r]) => r.Properties);
    expect(records.map((r) => r!.Type).sort()).toEqual(['A', 'AAAA']);
    for (const r of records) expect(r).toEqual({ HostedZoneId: ZONE, Name: DOMAIN, Type: r!.Type, AliasTarget: { DNSName: `<${distId}.DomainName>`, HostedZoneId: CLOUDFRONT_HOSTED_ZONE_ID, EvaluateTargetHealth: false } });
    expect(withZone.outputs.DnsRecordToCreate).toBeUndefined();
    expect(ofType(byHand, 'AWS::Route53::RecordSet')).toEqual([]);
    expect(byHand.outputs.DnsRecordToCreate).toBe(`${DOMAIN} CNAME (or ALIAS/ANAME at a zone apex) <${distId}.DomainName>`);
    expect(byHand.outputs.DistributionDomainName).toBe(`<${distId}.DomainName>`);
  });

  it('refuses, before creating anything, a domain without certificate, a zone without domain, a certificate outside us-east-1', () => {
    // Assess: template rules and parameter patterns
    const rules = JSON.stringify(template.Rules);
    expect(template.Rules!.DomainNeedsCertificate).toEqual({ RuleCondition: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'DomainName' }, ''] }] }, Assertions: [{ Assert: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'CertificateArn' }, ''] }] }, AssertDescription: expect.stringMatching(/us-east-1/) }] });
    expect(rules).toContain('ZoneNeedsDomain');
    const pattern = (name: string) => new RegExp((template.Parameters as any)[name].AllowedPattern);
    expect(pattern('CertificateArn').test(CERT)).toBe(true);
    expect(pattern('CertificateArn').test(CERT.replace('us-east-1', 'eu-west-2'))).toBe(false);
    expect(pattern('DomainName').test(DOMAIN)).toBe(true);
    expect(pattern('DomainName').test('https://news.example.org')).toBe(false);
    expect(pattern('HostedZoneId').test(ZONE)).toBe(true);
    expect(pattern('WebAclArn').test(WEB_ACL)).toBe(true);
  });
});

// --- Every link is served ---------------------------------------------------------------

describe('every link the code builds is served by the distribution', () => {
  const d = () => deploy(template, { DomainName: DOMAIN, CertificateArn: CERT });

  it('routes the API paths to the API, uncached, with every method and every viewer header but Host', () => {
    const [, dist] = ofType(d(), 'AWS::CloudFront::Distribution')[0];
    const def = dist.Properties!.DistributionConfig.DefaultCacheBehavior;
    expect(def.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'HEAD', 'POST']));
    expect(def.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // Managed-CachingDisabled
    expect(def.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac'); // Managed-AllViewerExceptHostHeader
    expect(def.ViewerProtocolPolicy).toBe('redirect-to-https');
    // the route table of the code and the routes of API Gateway are the same
    const apiRoutes = ofType(d(), 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties!.RouteKey).sort();
    expect(apiRoutes).toEqual(routeTableKeys().sort());
    // and each public one is reachable through the public domain
    for (const key of routeTableKeys().filter((k) => k !== 'POST /sends')) {
      const [method, p] = key.split(' ');
      expect([key, serve(d(), method, `https://${DOMAIN}${p}`)]).toEqual([key, { origin: 'api', routeKey: key }]);
    }
  });

  it('serves the confirm, unsubscribe (with the one-click POST), undo and preferences links of the mails', () => {
    // Prepare: the links as the deployed functions build them
    const env = environments(d()).SendWorker;
    const cfg = { publicBaseUrl: env.NEWSLETTER_PUBLIC_URL, tokenKeys: { keys: { k1: 'x'.repeat(40) }, current: 'k1' }, inboundAddress: `unsubscribe@${DOMAIN}` };
    const now = new Date('2026-12-01T08:00:00Z');
    const links = recipientLinks(cfg, 'reader@example.com', themes[0].id, now);
    const oneClick = /<(https:[^>]+)>/.exec(listUnsubscribeHeader(cfg, links))![1];
    const requests: [string, string][] = [
      ['GET', confirmLink(cfg, 'reader@example.com', [themes[0].id], now)],
      ['POST', confirmLink(cfg, 'reader@example.com', [themes[0].id], now)],
      ['GET', links.unsubscribeUrl],
      ['GET', links.unsubscribeAllUrl],
      ['POST', oneClick],
      ['POST', undoLink(cfg, 'reader@example.com', [themes[0].id], now)],
      ['GET', links.preferencesUrl],
    ];
    // Assess
    for (const [method, url] of requests) {
      expect(new URL(url).origin).toBe(`https://${DOMAIN}`);
      expect([method, url, serve(d(), method, url)]).toEqual([method, url, { origin: 'api', routeKey: `${method} ${new URL(url).pathname}` }]);
    }
  });

  it('serves every form of the reader pages', () => {
    // Prepare: the pages the API renders (relative form actions, on the public domain)
    const pages = [
      subscribePage(themes),
      confirmPage('t', 'reader@example.com', ['A theme']),
      expiredConfirmPage('t'),
      unsubscribePage('t', 'reader@example.com', 'A theme'),
      unsubscribedPage(['A theme'], `https://${DOMAIN}/unsubscribe/undo?token=t`),
      preferencesPage('t', 'reader@example.com', themes, [themes[0].id]),
    ];
    const actions = pages.flatMap((html) => [...html.matchAll(/<form method="post" action="([^"]+)"/g)].map((m) => m[1].replaceAll('&amp;', '&')));
    expect(actions.length).toBeGreaterThanOrEqual(7);
    // Assess
    for (const a of actions) expect([a, serve(d(), 'POST', new URL(a, `https://${DOMAIN}`).href)]).toMatchObject([a, { origin: 'api' }]);
  });

  it('serves the archive under /archive/: every page, feed and "view in your browser" link of a published issue', async () => {
    // Prepare: build and publish an issue of the sample corpus as the send path does
    const { prepareIssue } = await import('../../lambdas/services/prepare-issue.ts');
    const { publishArchive } = await import('../../lambdas/services/publish-archive.ts');
    const { ingestCorpus } = await import('../../lambdas/services/ingest-corpus.ts');
    const { FsCorpusReader } = await import('../../lambdas/adapters/fs/fs-corpus-reader.ts');
    const { MemoryIssueStore } = await import('../../lambdas/adapters/memory/memory-issue-store.ts');
    const publicUrl = environments(d()).BuildIssue.NEWSLETTER_PUBLIC_URL;
    const config = loadConfig({ NEWSLETTER_TEMPLATES: path.join(ROOT, 'templates'), NEWSLETTER_PUBLIC_URL: publicUrl });
    const corpus = await ingestCorpus(new FsCorpusReader(path.join(ROOT, 'corpus')));
    const theme = themes.find((t) => t.archive !== false)!;
    const prepared = await prepareIssue({ issues: new MemoryIssueStore(), config, themes, clock: { now: () => new Date('2026-11-30T06:00:00Z') }, corpus: async () => ({ corpus }) }, theme);
    const archive = new MapArchiveStore();
    const viewInBrowser = await publishArchive({ archive, config, themes, clock: { now: () => new Date('2026-11-30T08:00:00Z') } }, prepared.live);
    // every same-site link of the mail and of the archive's files
    // (feeds carry pages as escaped HTML: unescaped first, as a feed reader does)
    const unescape = (t: string): string => {
      const u = t.replace(/&(quot|gt|lt|#39|amp);/g, (_m, e: string) => ({ quot: '"', gt: '>', lt: '<', '#39': "'", amp: '&' })[e]!);
      return u === t ? t : unescape(u);
    };
    const own = (text: string) => [...unescape(text).matchAll(/https:\/\/news\.example\.org[^"'<>\s)\\]*/g)].map((m) => m[0]);
    const links = new Set([viewInBrowser!, ...own(prepared.live.html), ...own(prepared.live.text), ...[...archive.files.values()].flatMap(own)]);
    const formActions = new Set([...archive.files.values()].flatMap((f) => [...f.matchAll(/<form[^>]*action="([^"]+)"/g)].map((m) => m[1])));
    expect(own(prepared.live.html)).toContain(viewInBrowser);
    expect([...links].filter((l) => l.includes('/archive/')).length).toBeGreaterThanOrEqual(4);
    // Assess
    for (const url of links) {
      const method = formActions.has(url) ? 'POST' : 'GET';
      const served = serve(d(), method, url);
      if (new URL(url).pathname.startsWith('/archive')) {
        expect([url, served]).toMatchObject([url, { origin: 'archive' }]);
        const key = (served as { key: string }).key;
        expect([url, archive.files.has(key)]).toEqual([url, true]);
        expect(key.startsWith('_manifest/')).toBe(false);
      } else expect([url, served]).toEqual([url, { origin: 'api', routeKey: `${method} ${new URL(url).pathname}` }]);
    }
    // and the private manifest it wrote is not served, under any spelling
    const manifest = [...archive.files.keys()].find((k) => k.startsWith('_manifest/'))!;
    expect(manifest).toBeDefined();
    for (const p of [`/${manifest}`, `/archive/${manifest}`, `/archive/../${manifest}`, `/archive/%2e%2e/${manifest}`, `/archive/${manifest.replace('/', '%2f')}`]) {
      const served = serve(d(), 'GET', `https://${DOMAIN}${p}`);
      expect([p, 'key' in served ? served.key : null]).not.toEqual([p, manifest]);
      if (p.startsWith('/archive')) expect([p, served]).toEqual([p, { status: 404 }]);
    }
  }, 120_000);
});

describe('the archive behaviour', () => {
  it('maps archive URLs to the keys the archive store writes, and answers 404 for anything else', () => {
    const cases: [string, string | number][] = [
      ['/archive/', '/index.html'],
      ['/archive/junior-partner/', '/junior-partner/index.html'],
      ['/archive/junior-partner/junior-partner-2026-11-30', '/junior-partner/junior-partner-2026-11-30'],
      ['/archive/junior-partner/feed.xml', '/junior-partner/feed.xml'],
      ['/archive/junior-partner/feed.json', '/junior-partner/feed.json'],
      ['/archive', 301],
      ['/archive/_manifest/junior-partner.json', 404],
      ['/archive/junior-partner/../../_manifest/x', 404],
      ['/archive/Junior-Partner/', 404],
      ['/archive/index.html', 404],
      ['/archive/junior-partner/a/b', 404],
      ['/archive/junior-partner/%00', 404],
    ];
    for (const [uri, expected] of cases) {
      const out = runFunction(ARCHIVE_VIEWER_REQUEST_CODE, 'GET', uri);
      expect([uri, 'statusCode' in out ? out.statusCode : out.uri]).toEqual([uri, expected]);
    }
    const moved = runFunction(ARCHIVE_VIEWER_REQUEST_CODE, 'GET', '/archive') as { headers: Record<string, { value: string }> };
    expect(moved.headers.location.value).toBe('/archive/');
    expect((runFunction(ARCHIVE_VIEWER_REQUEST_CODE, 'GET', '/archive/') as any).querystring).toEqual({});
  });

  it('reads the bucket through origin access control, and CloudFront may never read _manifest/', () => {
    const t = Template.fromJSON(template as any);
    t.hasResourceProperties('AWS::CloudFront::OriginAccessControl', { OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }) });
    const [bucketId] = ofType(template, 'AWS::S3::Bucket').find(([id]) => id.startsWith('ArchiveArchiveBucket'))!;
    const policy = ofType(template, 'AWS::S3::BucketPolicy').find(([, p]) => JSON.stringify(p.Properties!.Bucket).includes(bucketId))![1];
    expect(policy.Properties!.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/_manifest/*']] } }),
    );
    // archive pages get the same security headers as the local server's
    const archiveBehavior = ofType(deploy(template), 'AWS::CloudFront::Distribution')[0][1].Properties!.DistributionConfig.CacheBehaviors.find((b: any) => b.PathPattern === '/archive/*');
    expect(archiveBehavior.AllowedMethods).toEqual(['GET', 'HEAD']);
    const headersId = /^<ref:(.+)>$/.exec(archiveBehavior.ResponseHeadersPolicyId)![1];
    const sec = template.Resources[headersId].Properties!.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(sec.ContentSecurityPolicy.ContentSecurityPolicy).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    expect(sec.FrameOptions.FrameOption).toBe('DENY');
  });
});

// --- Limits per client -------------------------------------------------------------------

/** Whether a WAF statement (byte matches on path and method, and/or/not) matches a request. */
function wafMatches(s: any, req: { method: string; path: string }): boolean {
  if (s.AndStatement) return s.AndStatement.Statements.every((x: any) => wafMatches(x, req));
  if (s.OrStatement) return s.OrStatement.Statements.some((x: any) => wafMatches(x, req));
  if (s.NotStatement) return !wafMatches(s.NotStatement.Statement, req);
  const b = s.ByteMatchStatement;
  if (!b) throw new Error(`statement not understood: ${JSON.stringify(s)}`);
  let field = b.FieldToMatch.UriPath ? req.path : req.method;
  for (const t of b.TextTransformations) if (t.Type === 'URL_DECODE') field = decodeURIComponent(field);
  return b.PositionalConstraint === 'EXACTLY' ? field === b.SearchString : b.PositionalConstraint === 'STARTS_WITH' ? field.startsWith(b.SearchString) : field.includes(b.SearchString);
}

describe('limits per client', () => {
  const acl = () => ofType(synth.edgeTemplate, 'AWS::WAFv2::WebACL')[0][1].Properties!;
  /** The tightest per-IP limit any rule puts on a request (Infinity: none). */
  const limitFor = (req: { method: string; path: string }) =>
    Math.min(...acl().Rules.filter((r: any) => r.Statement.RateBasedStatement && wafMatches(r.Statement.RateBasedStatement.ScopeDownStatement, req)).map((r: any) => r.Statement.RateBasedStatement.Limit), Infinity);

  it('counts requests per client IP at the edge, in a CloudFront web ACL answering 429', () => {
    expect(acl()).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    for (const r of acl().Rules) {
      expect(r.Statement.RateBasedStatement).toMatchObject({ AggregateKeyType: 'IP', EvaluationWindowSec: 300 });
      expect(r.Action.Block.CustomResponse.ResponseCode).toBe(429);
    }
  });

  it('limits mailing requests tightly, never holds an unsubscribe below a generous cap, and the rest loosely', () => {
    expect(limitFor({ method: 'POST', path: '/subscribe' })).toBe(RATE_LIMITS.mailing);
    expect(limitFor({ method: 'POST', path: '/%73ubscribe' })).toBe(RATE_LIMITS.mailing);
    expect(limitFor({ method: 'POST', path: '/confirm/resend' })).toBe(RATE_LIMITS.mailing);
    for (const [method, p] of [['POST', '/unsubscribe'], ['GET', '/unsubscribe'], ['POST', '/unsubscribe/undo']]) expect(limitFor({ method, path: p })).toBeGreaterThanOrEqual(10_000);
    for (const [method, p] of [['GET', '/'], ['GET', '/confirm'], ['POST', '/confirm'], ['GET', '/preferences'], ['GET', '/archive/junior-partner/feed.xml']]) expect(limitFor({ method, path: p })).toBe(RATE_LIMITS.other);
    expect(RATE_LIMITS.other).toBeGreaterThanOrEqual(1_000);
  });

  it('attaches the web ACL of the parameter to the distribution', () => {
    const dist = (params: Record<string, string>) => ofType(deploy(template, params), 'AWS::CloudFront::Distribution')[0][1].Properties!.DistributionConfig;
    expect(dist({ WebAclArn: WEB_ACL }).WebACLId).toBe(WEB_ACL);
    expect(dist({}).WebACLId).toBeUndefined();
    expect(synth.edgeTemplate.Outputs!.WebAclArn.Value).toEqual({ 'Fn::GetAtt': [ofType(synth.edgeTemplate, 'AWS::WAFv2::WebACL')[0][0], 'Arn'] });
  });

  it('keeps the web ACL in us-east-1 and requires it in prod', () => {
    // Act / Assess: the edge stack refuses another region
    expect(() => new NewsletterEdgeStack(new App(), 'Edge', { env: { region: 'eu-west-2' } })).toThrow(/us-east-1/);
    // prod refuses to deploy without a web ACL; dev may
    const rules = (stage: string) => {
      // (a bare stack leaves the conditions unused: no template validation for it)
      const s = new Stack(new App({ builtinCloudFormationValidation: false }), `S-${stage}`);
      publicSiteParameters(s, stage);
      return Template.fromStack(s).toJSON().Rules;
    };
    expect(rules('prod').ProdNeedsWebAcl.Assertions[0].Assert).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'WebAclArn' }, ''] }] });
    expect(rules('dev').ProdNeedsWebAcl).toBeUndefined();
  });

  it('keeps API Gateway\'s stage-wide throttling as account protection only, none of its own on unsubscribe', () => {
    const [, stage] = ofType(template, 'AWS::ApiGatewayV2::Stage')[0];
    expect(stage.Properties!.DefaultRouteSettings).toEqual({ ThrottlingBurstLimit: STAGE_THROTTLE.throttlingBurstLimit, ThrottlingRateLimit: STAGE_THROTTLE.throttlingRateLimit });
    expect(STAGE_THROTTLE.throttlingRateLimit).toBeGreaterThanOrEqual(500);
    expect(SUBSCRIBE_THROTTLE.throttlingRateLimit).toBeGreaterThanOrEqual(50);
    expect(Object.keys(stage.Properties!.RouteSettings)).toEqual(['POST /subscribe']);
  });

  it('has no cdk-nag AwsSolutions finding in the edge stack', () => {
    const found = [...Annotations.fromStack(synth.edge).findError('*', Match.stringLikeRegexp('AwsSolutions-.*')), ...Annotations.fromStack(synth.edge).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))];
    expect(found.map((e) => String(e.entry.data).split(':')[0])).toEqual([]);
  });
});

// --- The token secret ------------------------------------------------------------------

/** Functions whose bundle contains the link signing code (lambdas/domain/subscriptions/links.ts). */
async function functionsThatSign(): Promise<FunctionName[]> {
  const out: FunctionName[] = [];
  for (const [name, f] of Object.entries(NEWSLETTER_FUNCTIONS)) {
    const r = await build({ entryPoints: [path.join(ROOT, 'lambdas/handlers', `${f.handler}.ts`)], bundle: true, write: false, platform: 'node', format: 'cjs', metafile: true, external: ['@aws-sdk/*', 'mjml'], logLevel: 'silent', outdir: '/tmp/unused' });
    const inputs = Object.values(r.metafile.outputs)[0].inputs;
    if (Object.entries(inputs).some(([file, i]) => /domain\/subscriptions\/(links|tokens)\.ts$/.test(file) && i.bytesInOutput > 0)) out.push(name as FunctionName);
  }
  return out.sort();
}

describe('the token-signing secret', () => {
  it('is granted, with its ARN, exactly to the functions whose code signs or verifies links', async () => {
    // Prepare
    const ids = functionIds(template);
    const [secretId] = ofType(template, 'AWS::SecretsManager::Secret')[0];
    const rolesReading = new Set(
      ofType(template, 'AWS::IAM::Policy')
        .filter(([, p]) => p.Properties!.PolicyDocument.Statement.some((s: any) => ([] as string[]).concat(s.Action).includes('secretsmanager:GetSecretValue') && JSON.stringify(s.Resource).includes(secretId)))
        .flatMap(([, p]) => p.Properties!.Roles.map((r: any) => r.Ref)),
    );
    // Act
    const signing = await functionsThatSign();
    // Assess
    expect(signing).toEqual(['Api', 'InboundEmail', 'OutboxWorker', 'SendWorker']);
    for (const [name, id] of Object.entries(ids)) {
      const fn = template.Resources[id].Properties!;
      const holds = signing.includes(name as FunctionName);
      expect([name, rolesReading.has(fn.Role['Fn::GetAtt'][0])]).toEqual([name, holds]);
      expect([name, 'NEWSLETTER_TOKEN_SECRET_ARN' in fn.Environment.Variables]).toEqual([name, holds]);
      expect([name, fn.Environment.Variables.NEWSLETTER_SIGNS_LINKS]).toEqual([name, holds ? undefined : 'false']);
    }
  }, 120_000);

  it('lets a function without the secret start on AWS, and still refuses a signing one that lacks it', () => {
    // Prepare: each function's environment as Lambda gives it (resources as names)
    const envs = environments(deploy(template));
    const onAws = (env: Record<string, string>) => ({ ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v).replace(/<[^>]+>/g, 'resource.example')])), AWS_LAMBDA_FUNCTION_NAME: 'fn', AWS_REGION: 'eu-west-2' });
    // Act / Assess
    for (const name of ['Collect', 'ExtractArticle', 'CorpusIngest', 'BuildIssue', 'SesEvents'] as const) {
      const config = loadConfig(onAws(envs[name]));
      expect([name, config.aws.tokenSecretArn, Buffer.byteLength(Object.values(config.tokenKeys)[0]) >= 32]).toEqual([name, null, true]);
    }
    const { NEWSLETTER_TOKEN_SECRET_ARN: _, ...apiWithoutSecret } = envs.Api;
    expect(() => loadConfig(onAws(apiWithoutSecret))).toThrow(/development token secret/);
  });
});

// --- Logs -----------------------------------------------------------------------------------

describe('logs', () => {
  it('gives every newsletter function its own log group kept a month, without the deprecated log-retention helper', () => {
    expect(ofType(template, 'Custom::LogRetention')).toEqual([]);
    for (const [name, id] of Object.entries(functionIds(template))) {
      const group = template.Resources[id].Properties!.LoggingConfig?.LogGroup?.Ref;
      expect([name, template.Resources[group]?.Properties?.RetentionInDays]).toEqual([name, 30]);
    }
  });
});

// --- docs/deploy.md ---------------------------------------------------------------------------

describe('docs/deploy.md', () => {
  it('names only parameters and outputs the templates have', () => {
    // Prepare: the rows of its tables that name a parameter or an output (`Name` | parameter|output | stack)
    const doc = readFileSync(path.join(ROOT, 'docs/deploy.md'), 'utf8');
    const rows = [...doc.matchAll(/^\|\s*`([A-Za-z0-9]+)`\s*\|\s*(parameter|output)\s*\|\s*(newsletter|edge)\s*\|/gm)].map((m) => ({ name: m[1], kind: m[2], stack: m[3] }));
    const cliParameters = [...doc.matchAll(/--parameters\s+Newsletter-[a-z]+:([A-Za-z0-9]+)=/g)].map((m) => m[1]);
    // Assess
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (const r of rows) {
      const t = r.stack === 'edge' ? synth.edgeTemplate : template;
      const names = Object.keys((r.kind === 'parameter' ? t.Parameters : t.Outputs) ?? {});
      expect([r.name, r.kind, r.stack, names.includes(r.name)]).toEqual([r.name, r.kind, r.stack, true]);
    }
    for (const p of cliParameters) expect([p, p in (template.Parameters ?? {})]).toEqual([p, true]);
    // every parameter of the public site is documented
    for (const p of ['DomainName', 'CertificateArn', 'HostedZoneId', 'WebAclArn']) expect(rows).toContainEqual({ name: p, kind: 'parameter', stack: 'newsletter' });
  });
});
