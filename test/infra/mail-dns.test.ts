/**
 * The SES identity and its DNS (issue #29): Easy DKIM with 2048-bit keys, a custom MAIL FROM
 * domain `mail.<domain>`, and the records SES needs (three DKIM CNAMEs, the MAIL FROM MX and
 * SPF TXT, a DMARC TXT), created in the Route 53 zone of the MailHostedZoneId parameter or,
 * without it, printed as outputs; VDM engagement tracking off on every configuration set.
 * The template is read as CloudFormation would deploy it with given parameters
 * (template-fixture.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { deploy, ofType, ROOT, synthStacks, type CfnTemplate } from './template-fixture.ts';

const MAIL_DOMAIN = 'news.example.org'; // the `domain` context of synthStacks
const ZONE = 'Z0123456789ABCDEFGHIJ';
const REGION = 'eu-west-2'; // AWS::Region of the fixture

let synth: ReturnType<typeof synthStacks>;
let template: CfnTemplate;

beforeAll(() => {
  synth = synthStacks('dev');
  template = synth.template;
}, 120_000);

const identityOf = (t: CfnTemplate) => {
  const ids = ofType(t, 'AWS::SES::EmailIdentity');
  expect(ids).toHaveLength(1);
  return ids[0];
};

/** The records each deployment must publish: [name, type, value as a DNS form takes it]. */
function expectedRecords(identityId: string, policy = 'none'): [string, string, string][] {
  return [
    [`<${identityId}.DkimDNSTokenName1>`, 'CNAME', `<${identityId}.DkimDNSTokenValue1>`],
    [`<${identityId}.DkimDNSTokenName2>`, 'CNAME', `<${identityId}.DkimDNSTokenValue2>`],
    [`<${identityId}.DkimDNSTokenName3>`, 'CNAME', `<${identityId}.DkimDNSTokenValue3>`],
    [`mail.${MAIL_DOMAIN}`, 'MX', `10 feedback-smtp.${REGION}.amazonses.com`],
    [`mail.${MAIL_DOMAIN}`, 'TXT', 'v=spf1 include:amazonses.com ~all'],
    [`_dmarc.${MAIL_DOMAIN}`, 'TXT', `v=DMARC1; p=${policy}; rua=mailto:dmarc@${MAIL_DOMAIN}`],
  ];
}

/** The mail records in the deployed zone (TXT unquoted), sorted. */
function mailRecordsIn(d: ReturnType<typeof deploy>, zone: string): [string, string, string][] {
  return ofType(d, 'AWS::Route53::RecordSet')
    .map(([, r]) => r.Properties!)
    .filter((p) => p.HostedZoneId === zone && !p.AliasTarget)
    .flatMap((p) => (p.ResourceRecords as string[]).map((v): [string, string, string] => [p.Name, p.Type, p.Type === 'TXT' ? v.replace(/^"|"$/g, '') : v]))
    .sort();
}

describe('the SES identity', () => {
  it('signs with Easy DKIM (2048-bit keys) and sends from the custom MAIL FROM domain mail.<domain>', () => {
    // Act
    const [, identity] = identityOf(template);
    // Assess
    expect(identity.Properties!.EmailIdentity).toBe(MAIL_DOMAIN);
    expect(identity.Properties!.DkimAttributes).toEqual({ SigningEnabled: true });
    expect(identity.Properties!.DkimSigningAttributes).toEqual({ NextSigningKeyLength: 'RSA_2048_BIT' });
    expect(identity.Properties!.DkimSigningAttributes.DomainSigningPrivateKey).toBeUndefined(); // Easy DKIM, not BYODKIM
    expect(identity.Properties!.MailFromAttributes).toEqual({ MailFromDomain: `mail.${MAIL_DOMAIN}`, BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' });
  });

  it('keeps VDM engagement tracking off on every configuration set (plain and tracking ones)', () => {
    // Act
    const sets = ofType(template, 'AWS::SES::ConfigurationSet');
    // Assess
    expect(sets.map(([, s]) => s.Properties!.Name).sort()).toEqual(['Newsletter-dev-send', 'Newsletter-dev-send-clicks', 'Newsletter-dev-send-opens']);
    for (const [id, s] of sets) expect([id, s.Properties!.VdmOptions?.DashboardOptions]).toEqual([id, { EngagementMetrics: 'DISABLED' }]);
    // open and click tracking stay where themes opted in: on the tracking sets' event destinations only
    const events = ofType(template, 'AWS::SES::ConfigurationSetEventDestination').map(([, e]) => [e.Properties!.ConfigurationSetName.Ref, e.Properties!.EventDestination.MatchingEventTypes]);
    const plainId = sets.find(([, s]) => s.Properties!.Name === 'Newsletter-dev-send')![0];
    for (const [set, types] of events) if (set === plainId) expect(types).not.toEqual(expect.arrayContaining(['open']));
  });
});

describe('the DNS records of the sending domain', () => {
  it('creates the DKIM CNAMEs, MAIL FROM MX and SPF, and DMARC in the MailHostedZoneId zone, without outputs', () => {
    // Act
    const d = deploy(template, { MailHostedZoneId: ZONE });
    // Assess
    const [identityId] = identityOf(template);
    expect(mailRecordsIn(d, ZONE)).toEqual(expectedRecords(identityId).sort());
    const records = ofType(d, 'AWS::Route53::RecordSet').filter(([, r]) => r.Properties!.HostedZoneId === ZONE);
    for (const [, r] of records) expect(r.Properties!.TTL).toBe('1800');
    expect(Object.keys(d.outputs).filter((k) => /^Mail.*ToCreate$/.test(k))).toEqual([]);
  });

  it('without a zone creates no record and prints each one (name, type, value) as an output', () => {
    // Act
    const d = deploy(template);
    // Assess
    const [identityId] = identityOf(template);
    expect(ofType(d, 'AWS::Route53::RecordSet')).toEqual([]);
    const printed = Object.entries(d.outputs).filter(([k]) => /^Mail.*ToCreate$/.test(k));
    expect(printed.map(([k]) => k).sort()).toEqual(['MailDkimRecord1ToCreate', 'MailDkimRecord2ToCreate', 'MailDkimRecord3ToCreate', 'MailDmarcRecordToCreate', 'MailFromMxRecordToCreate', 'MailFromSpfRecordToCreate']);
    const asRecords = printed.map(([, v]) => {
      const [name, type, ...value] = String(v).split(' ');
      return [name, type, value.join(' ')] as [string, string, string];
    });
    expect(asRecords.sort()).toEqual(expectedRecords(identityId).sort());
    expect(d.outputs.MailFromMxRecordToCreate).toBe(`mail.${MAIL_DOMAIN} MX 10 feedback-smtp.${REGION}.amazonses.com`);
    expect(d.outputs.MailDmarcRecordToCreate).toBe(`_dmarc.${MAIL_DOMAIN} TXT v=DMARC1; p=none; rua=mailto:dmarc@${MAIL_DOMAIN}`);
  });

  it('is independent of the public site\'s zone: HostedZoneId alone creates only the site\'s alias records', () => {
    // Act
    const d = deploy(template, { DomainName: MAIL_DOMAIN, CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0', HostedZoneId: ZONE });
    // Assess
    expect(mailRecordsIn(d, ZONE)).toEqual([]);
    expect(ofType(d, 'AWS::Route53::RecordSet').map(([, r]) => r.Properties!.Type).sort()).toEqual(['A', 'AAAA']);
    expect(d.outputs.MailDkimRecord1ToCreate).toBeDefined();
  });

  it('takes the DMARC policy from DmarcPolicy (none by default; quarantine or reject only)', () => {
    // Act
    const d = deploy(template, { MailHostedZoneId: ZONE, DmarcPolicy: 'quarantine' });
    // Assess
    const [identityId] = identityOf(template);
    expect(mailRecordsIn(d, ZONE)).toEqual(expectedRecords(identityId, 'quarantine').sort());
    expect((template.Parameters as any).DmarcPolicy).toMatchObject({ Default: 'none', AllowedValues: ['none', 'quarantine', 'reject'] });
    const zonePattern = new RegExp((template.Parameters as any).MailHostedZoneId.AllowedPattern);
    expect([zonePattern.test(ZONE), zonePattern.test(''), zonePattern.test('example.org')]).toEqual([true, true, false]);
  });

  it('adds no cdk-nag AwsSolutions finding', () => {
    const found = [...Annotations.fromStack(synth.stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*')), ...Annotations.fromStack(synth.stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))];
    expect(found).toEqual([]);
  });
});

describe('docs/deploy.md on the sending domain', () => {
  it('names every parameter and output of the mail records in its table (`Name` | kind | newsletter)', () => {
    // Prepare
    const doc = readFileSync(path.join(ROOT, 'docs/deploy.md'), 'utf8');
    const rows = [...doc.matchAll(/^\|\s*`([A-Za-z0-9]+)`\s*\|\s*(parameter|output)\s*\|\s*newsletter\s*\|/gm)].map((m) => `${m[2]}:${m[1]}`);
    // Assess: every Mail* output and both mail parameters of the template are documented
    const expected = [
      ...['MailHostedZoneId', 'DmarcPolicy'].map((p) => `parameter:${p}`),
      ...Object.keys(template.Outputs ?? {}).filter((o) => /^Mail.*ToCreate$/.test(o)).map((o) => `output:${o}`),
    ];
    expect(expected).toHaveLength(8);
    for (const e of expected) expect([e, rows.includes(e)]).toEqual([e, true]);
  });
});
