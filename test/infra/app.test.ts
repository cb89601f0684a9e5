import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { NewsletterStack } from '../../infra/stacks/newsletter-stack.ts';

describe('CDK app', () => {
  it('synthesises the stack for a stage', () => {
    // Prepare
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    // Act
    const stack = new NewsletterStack(app, 'Newsletter-test', { stage: 'test' });
    const template = Template.fromStack(stack);
    // Assess
    expect(template.toJSON()).toBeTypeOf('object');
  });
});
