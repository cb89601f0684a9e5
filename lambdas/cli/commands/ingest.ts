/** `newsletter ingest [--format json|text]`: ingests the corpus and reports what was kept, dropped and merged. */
import { ingestLocalCorpus } from '../../handlers/ingest-wiring.ts';
import type { CommandModule } from '../context.ts';
import { formatIngestReport, ingestReport } from '../ingest-report.ts';

export const run: CommandModule['run'] = async (_args, opts, { config, out, err }) => {
  const corpus = await ingestLocalCorpus(config);
  const report = ingestReport(corpus);
  if (opts.format === 'json') out(JSON.stringify(report, null, 2));
  else out(formatIngestReport(report));
  for (const w of corpus.warnings) err(`warning: ${w.sourceId}: ${w.message}`);
  return 0;
};
