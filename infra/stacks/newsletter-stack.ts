/**
 * The newsletter stack. For now an empty stack; the infrastructure issue fills it with one
 * construct per concern (data, sending, api, inbound, scheduling, monitoring).
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

export interface NewsletterStackProps extends StackProps {
  stage: string;
}

export class NewsletterStack extends Stack {
  constructor(scope: Construct, id: string, props: NewsletterStackProps) {
    super(scope, id, props);
  }
}
