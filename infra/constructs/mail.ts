/**
 * SES: the sending identity; three configuration sets: the plain one (deliveries, bounces,
 * complaints to SNS) and, for themes that opted in to tracking, `<set>-opens` (plus opens)
 * and `<set>-clicks` (plus opens and clicks; SES adds the pixel and rewrites links only for
 * mail sent through these); and (optionally) inbound mail to S3 + Lambda.
 */
import { Stack } from 'aws-cdk-lib';
import { ConfigurationSet, ConfigurationSetEventDestination, EmailIdentity, EventDestination, Identity, EmailSendingEvent, ReceiptRuleSet } from 'aws-cdk-lib/aws-ses';
import * as actions from 'aws-cdk-lib/aws-ses-actions';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export class MailConstruct extends Construct {
  readonly identityArn: string;
  readonly configurationSet: ConfigurationSet;
  readonly trackingSets: Record<'opens' | 'clicks', ConfigurationSet>;

  constructor(scope: Construct, id: string, props: { domain: string }) {
    super(scope, id);
    const base = `${Stack.of(this).stackName}-send`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 50);
    this.configurationSet = new ConfigurationSet(this, 'ConfigSet', { configurationSetName: base });
    this.trackingSets = {
      opens: new ConfigurationSet(this, 'ConfigSetOpens', { configurationSetName: `${base}-opens` }),
      clicks: new ConfigurationSet(this, 'ConfigSetClicks', { configurationSetName: `${base}-clicks` }),
    };
    const identity = new EmailIdentity(this, 'Identity', { identity: Identity.domain(props.domain), configurationSet: this.configurationSet });
    this.identityArn = Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: identity.emailIdentityName });
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
