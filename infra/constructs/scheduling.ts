/** One EventBridge Scheduler schedule per theme (its expression and time zone), invoking build-issue with the theme id. */
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { Theme } from '../../lambdas/domain/types.ts';

export class SchedulingConstruct extends Construct {
  constructor(scope: Construct, id: string, props: { themes: Theme[]; target: IFunction }) {
    super(scope, id);
    const role = new Role(this, 'SchedulerRole', { assumedBy: new ServicePrincipal('scheduler.amazonaws.com') });
    props.target.grantInvoke(role);
    for (const theme of props.themes.filter((t) => t.schedule)) {
      new CfnSchedule(this, `Schedule-${theme.id}`, {
        description: `Issue of theme ${theme.id}`,
        scheduleExpression: theme.schedule!,
        scheduleExpressionTimezone: theme.timezone,
        flexibleTimeWindow: { mode: 'OFF' },
        state: theme.paused ? 'DISABLED' : 'ENABLED',
        target: { arn: props.target.functionArn, roleArn: role.roleArn, input: JSON.stringify({ themeId: theme.id }), retryPolicy: { maximumRetryAttempts: 3 } },
      });
    }
  }
}
