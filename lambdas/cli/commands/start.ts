/** `newsletter start` (`npm start`): runs the local stack on the sample corpus and prints its URLs; Ctrl-C stops everything. */
import { startLocalStack } from '../../local/start-stack.ts';
import { ingestLocalCorpus } from '../../handlers/ingest-wiring.ts';
import type { CommandModule } from '../context.ts';

export const run: CommandModule['run'] = async (_args, _opts, { config, out }) => {
  const corpus = await ingestLocalCorpus(config);
  out(`corpus: ${corpus.sources.length} article(s), ${corpus.passages.length} passage(s) kept, ${corpus.dropped.length} block(s) dropped, ${corpus.merged.length} merged as duplicates (details: npx newsletter ingest)`);
  for (const w of corpus.warnings) out(`warning: ${w.sourceId}: ${w.message}`);
  const stack = await startLocalStack(config);
  out(
    [
      'local stack running:',
      `  subscribe form     ${stack.urls.subscribeForm}`,
      `  HTTP API           ${stack.urls.api}`,
      `  editor preview     ${stack.urls.preview}`,
      `  SES emulator (mail) ${stack.urls.sesWebView}  (JSON: ${stack.urls.sesStore})`,
      `  DynamoDB (dynalite) ${stack.urls.dynamodb}  data in ${config.dataDir}/dynamodb`,
      'Ctrl-C stops everything.',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await stack.stop();
  out('stopped.');
  return 0;
};
