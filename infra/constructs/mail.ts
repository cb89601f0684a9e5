/**
 * SES: the sending identity (Easy DKIM with 2048-bit keys, a custom MAIL FROM domain
 * `mail.<domain>`, and its DNS records: created in the Route 53 zone of the MailHostedZoneId
 * parameter, else printed as stack outputs for the operator to create by hand); three
 * configuration sets: the plain one (deliveries, bounces, complaints to SNS) and, for themes
 * that opted in to tracking, `<set>-opens` (plus opens) and `<set>-clicks` (plus opens and
 * clicks; SES adds the pixel and rewrites links only for mail sent through these); and
 * (optionally) inbound mail to S3 + Lambda. Virtual Deliverability Manager's engagement
 * tracking is DISABLED on every set, overriding any account-level VDM setting: it would add
 * open and click tracking to mail whose theme did not ask for it (click tracking to the
 * opens-only set too); opted-in themes get their opens and clicks from the tracking sets'
 * event destinations instead.
 */
import { CfnCondition, CfnOutput, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import { CfnRecordSet } from 'aws-cdk-lib/aws-route53';
import {
  ConfigurationSet,
  ConfigurationSetEventDestination,
  DkimIdentity,
  EasyDkimSigningKeyLength,
  EmailIdentity,
  EventDestination,
  Identity,
  EmailSendingEvent,
  MailFromBehaviorOnMxFailure,
  ReceiptRuleSet,
} from 'aws-cdk-lib/aws-ses';
import * as actions from 'aws-cdk-lib/aws-ses-actions';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/** The subdomain of the sending domain used as MAIL FROM (bounces go to SES through its MX). */
export const MAIL_FROM_SUBDOMAIN = 'mail';
/** The SPF record of the MAIL FROM domain. */
export const MAIL_FROM_SPF = 'v=spf1 include:amazonses.com ~all';
/** TTL of the records the stack creates. */
const RECORD_TTL = '1800';
/** VDM engagement tracking on the configuration sets: off (see the header). */
export const VDM_ENGAGEMENT_METRICS = false;

/** One DNS record of the sending domain: a Route 53 record when a zone is given, else an output. */
interface MailRecord {
  /** Logical id of the record and (without a zone) of its output. */
  id: string;
  name: string;
  type: 'CNAME' | 'MX' | 'TXT';
  /** The value as a DNS provider's form takes it (TXT without quotes). */
  value: string;
  what: string;
}

export class MailConstruct extends Construct {
  readonly identityArn: string;
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly trackingSets: Record<'opens' | 'clicks', ConfigurationSet>;
  /** The MAIL FROM domain (`mail.<domain>`). */
  readonly mailFromDomain: string;

  constructor(scope: Construct, id: string, props: { domain: string }) {
    super(scope, id);
    const stack = Stack.of(this);
    const base = `${stack.stackName}-send`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 50);
    const vdmOptions = { engagementMetrics: VDM_ENGAGEMENT_METRICS };
    this.configurationSet = new ConfigurationSet(this, 'ConfigSet', { configurationSetName: base, vdmOptions });
    this.trackingSets = {
      opens: new ConfigurationSet(this, 'ConfigSetOpens', { configurationSetName: `${base}-opens`, vdmOptions }),
      clicks: new ConfigurationSet(this, 'ConfigSetClicks', { configurationSetName: `${base}-clicks`, vdmOptions }),
    };
    this.mailFromDomain = `${MAIL_FROM_SUBDOMAIN}.${props.domain}`;
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: Identity.domain(props.domain),
      configurationSet: this.configurationSet,
      dkimSigning: true,
      dkimIdentity: DkimIdentity.easyDkim(EasyDkimSigningKeyLength.RSA_2048_BIT),
      mailFromDomain: this.mailFromDomain,
      // Until the MX below resolves, SES keeps sending with its own MAIL FROM rather than rejecting.
      mailFromBehaviorOnMxFailure: MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE,
    });
    this.identityArn = stack.formatArn({ service: 'ses', resource: 'identity', resourceName: this.identity.emailIdentityName });
    this.dnsRecords(props.domain);
  }

  /**
   * The records SES needs: three DKIM CNAMEs, the MAIL FROM MX and SPF TXT, and a DMARC TXT.
   * The zone is a stack parameter of its own (MailHostedZoneId), not the public site's
   * HostedZoneId: the mail domain is context and may sit in another zone than DomainName, and
   * HostedZoneId is refused without DomainName. Parameters and outputs are the stack's own.
   */
  private dnsRecords(domain: string): void {
    const stack = Stack.of(this);
    const zoneId = new CfnParameter(stack, 'MailHostedZoneId', {
      type: 'String',
      default: '',
      description: `Route 53 hosted zone of the mail domain ${domain}, to create its DKIM, MAIL FROM and DMARC records (empty: create them by hand from the Mail*Record outputs)`,
      allowedPattern: '^$|^Z[A-Z0-9]{1,32}$',
      constraintDescription: 'a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ',
    }).valueAsString;
    const dmarcPolicy = new CfnParameter(stack, 'DmarcPolicy', {
      type: 'String',
      default: 'none',
      allowedValues: ['none', 'quarantine', 'reject'],
      description: `DMARC policy (p=) of the record at _dmarc.${domain}: start with none, tighten once the aggregate reports show only SES sending`,
    }).valueAsString;
    const withZone = new CfnCondition(stack, 'CreateMailDnsRecords', { expression: Fn.conditionNot(Fn.conditionEquals(zoneId, '')) });
    const byHand = new CfnCondition(stack, 'MailDnsRecordsByHand', { expression: Fn.conditionEquals(zoneId, '') });
    const i = this.identity;
    const records: MailRecord[] = [
      { id: 'MailDkimRecord1', name: i.dkimDnsTokenName1, type: 'CNAME', value: i.dkimDnsTokenValue1, what: 'Easy DKIM key 1' },
      { id: 'MailDkimRecord2', name: i.dkimDnsTokenName2, type: 'CNAME', value: i.dkimDnsTokenValue2, what: 'Easy DKIM key 2' },
      { id: 'MailDkimRecord3', name: i.dkimDnsTokenName3, type: 'CNAME', value: i.dkimDnsTokenValue3, what: 'Easy DKIM key 3' },
      { id: 'MailFromMxRecord', name: this.mailFromDomain, type: 'MX', value: `10 feedback-smtp.${stack.region}.amazonses.com`, what: 'MAIL FROM domain: bounces to SES' },
      { id: 'MailFromSpfRecord', name: this.mailFromDomain, type: 'TXT', value: MAIL_FROM_SPF, what: 'MAIL FROM domain: SPF' },
      { id: 'MailDmarcRecord', name: `_dmarc.${domain}`, type: 'TXT', value: `v=DMARC1; p=${dmarcPolicy}; rua=mailto:dmarc@${domain}`, what: 'DMARC policy of the From domain' },
    ];
    for (const r of records) {
      const record = new CfnRecordSet(stack, r.id, {
        hostedZoneId: zoneId,
        name: r.name,
        type: r.type,
        ttl: RECORD_TTL,
        resourceRecords: [r.type === 'TXT' ? `"${r.value}"` : r.value],
      });
      record.cfnOptions.condition = withZone;
      new CfnOutput(stack, `${r.id}ToCreate`, {
        condition: byHand,
        value: Fn.join(' ', [r.name, r.type, r.value]),
        description: `No MailHostedZoneId was given: create this record (name, type, value) at your DNS provider (${r.what})`,
      });
    }
  }

  /** Sends each set's events to the topic (opens and clicks only from the tracking sets). */
  eventsTo(topic: Topic): void {
    const basic = [EmailSendingEvent.DELIVERY, EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT];
    new ConfigurationSetEventDestination(this, 'BounceComplaint', { configurationSet: this.configurationSet, destination: EventDestination.snsTopic(topic), events: basic });
    new ConfigurationSetEventDestination(this, 'OpensEvents', { configurationSet: this.trackingSets.opens, destination: EventDestination.snsTopic(topic), events: [...basic, EmailSendingEvent.OPEN] });
    new ConfigurationSetEventDestination(this, 'ClicksEvents', { configurationSet: this.trackingSets.clicks, destination: EventDestination.snsTopic(topic), events: [...basic, EmailSendingEvent.OPEN, EmailSendingEvent.CLICK] });
  }

  /** Inbound mail for `recipients`: stored in the bucket under inbound/, then the Lambda runs. */
  inbound(props: { recipients: string[]; bucket: Bucket; fn: IFunction }): void {
    const ruleSet = new ReceiptRuleSet(this, 'Inbound', {});
    ruleSet.addRule('SubscribeByEmail', {
      recipients: props.recipients,
      scanEnabled: true,
      actions: [new actions.S3({ bucket: props.bucket, objectKeyPrefix: 'inbound/' }), new actions.Lambda({ function: props.fn })],
    });
  }
}
