/** Lambda entry point for mail received by SES: the receipt rule stores the message in S3, this reads it and runs receiveInboundEmail with SES's verdicts. */
import { S3Objects } from '../adapters/s3/s3-objects.ts';
import { loadThemes } from '../adapters/fs/themes-file.ts';
import { lambdaConfig } from './lambda-config.ts';
import { receiveInboundEmail, type Verdict } from '../services/receive-inbound-email.ts';
import { wireSubscriptionDeps } from './subscription-wiring.ts';

/** The parts of SES's receipt event used here: the verdicts SES computed and the envelope sender (`mail.source`). */
interface SesEvent {
  Records: { ses: { mail: { messageId: string; source?: string }; receipt: { spfVerdict: { status: Verdict }; dkimVerdict: { status: Verdict }; dmarcVerdict: { status: Verdict } } } }[];
}

export async function handler(event: SesEvent): Promise<void> {
  const config = await lambdaConfig();
  const deps = wireSubscriptionDeps(config, await loadThemes(config.themesFile));
  const s3 = new S3Objects(config);
  const bucket = config.aws.inboundBucket;
  if (!bucket) throw new Error('NEWSLETTER_INBOUND_BUCKET is not set');
  for (const r of event.Records) {
    const raw = await s3.get(bucket, `${config.aws.inboundPrefix}${r.ses.mail.messageId}`);
    const { receipt, mail } = r.ses;
    const result = await receiveInboundEmail(deps, raw, {
      receipt: { spf: receipt.spfVerdict.status, dkim: receipt.dkimVerdict.status, dmarc: receipt.dmarcVerdict.status, envelopeFrom: mail.source },
    });
    console.log(JSON.stringify({ level: 'info', event: 'inbound', action: result.action, reason: result.reason, themes: result.themes }));
  }
}
