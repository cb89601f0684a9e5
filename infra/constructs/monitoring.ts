/**
 * Alarms to an SNS topic: send DLQ depth, each Lambda's errors and throttles, SES bounce and
 * complaint rates, the send worker's own metrics (any uncertain send, a lost SES reply for the
 * operator to resolve, and claims held by another sender for long) and subscribe requests the
 * outbox gave up on.
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export class MonitoringConstruct extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: { deadLetterQueue: Queue; functions: Record<string, IFunction> }) {
    super(scope, id);
    this.topic = new Topic(this, 'Alarms', { enforceSSL: true });
    const action = new SnsAction(this.topic);
    const alarm = (name: string, metric: Metric, threshold: number) =>
      new Alarm(this, name, { metric, threshold, evaluationPeriods: 1, comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, treatMissingData: TreatMissingData.NOT_BREACHING }).addAlarmAction(action);
    alarm('DlqDepth', props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }), 1);
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, fn.metricErrors({ period: Duration.minutes(5) }), 1);
      alarm(`${name}Throttles`, fn.metricThrottles({ period: Duration.minutes(5) }), 1);
    }
    const send = (metricName: string) => new Metric({ namespace: 'Newsletter/Send', metricName, dimensionsMap: { service: 'send-worker' }, period: Duration.minutes(5), statistic: 'Sum' });
    alarm('SendUncertain', send('uncertain'), 1);
    alarm('SendHeld', send('held'), 50);
    // A subscribe request the outbox gave up on after a day of failed deliveries (SES or the table down).
    alarm('OutboxDropped', new Metric({ namespace: 'Newsletter/Outbox', metricName: 'dropped', period: Duration.minutes(5), statistic: 'Sum' }), 1);
    // A scheduled period of a theme that requires approval passed without an approved issue.
    alarm('IssueAwaitingApproval', new Metric({ namespace: 'Newsletter/Issues', metricName: 'awaitingApproval', period: Duration.minutes(5), statistic: 'Sum' }), 1);
    alarm('BounceRate', new Metric({ namespace: 'AWS/SES', metricName: 'Reputation.BounceRate', period: Duration.hours(1), statistic: 'Maximum' }), 0.05);
    alarm('ComplaintRate', new Metric({ namespace: 'AWS/SES', metricName: 'Reputation.ComplaintRate', period: Duration.hours(1), statistic: 'Maximum' }), 0.001);
  }
}
