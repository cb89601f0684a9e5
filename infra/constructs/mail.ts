/** SES: the sending identity, a configuration set whose bounces and complaints go to SNS, and (optionally) inbound mail to S3 + Lambda. */
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

  constructor(scope: Construct, id: string, props: { domain: string }) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigSet', {});
    const identity = new EmailIdentity(this, 'Identity', { identity: Identity.domain(props.domain), configurationSet: this.configurationSet });
    this.identityArn = Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: identity.emailIdentityName });
  }

  /** Sends bounce and complaint events to the topic. */
  eventsTo(topic: Topic): void {
    new ConfigurationSetEventDestination(this, 'BounceComplaint', {
      configurationSet: this.configurationSet,
      destination: EventDestination.snsTopic(topic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
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
