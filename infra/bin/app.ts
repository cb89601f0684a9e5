/**
 * CDK app entry: builds the newsletter stack for the stage given by context (`-c stage=dev`).
 */
import { App } from 'aws-cdk-lib';
import { NewsletterStack } from '../stacks/newsletter-stack.ts';

const app = new App();
const stage = (app.node.tryGetContext('stage') as string | undefined) ?? 'dev';
new NewsletterStack(app, `Newsletter-${stage}`, { stage });
app.synth();
