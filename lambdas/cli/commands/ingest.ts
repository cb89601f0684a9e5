/**
 * `newsletter ingest [--format json|text]`: brings the incremental index up to date with the
 * corpus (only new, changed and removed files cost work) and reports what it holds: kept,
 * dropped and merged, and what this run changed.
 */
import { ingestLocalCorpus } from '../../handlers/ingest-wiring.ts';
import type { CommandModule } from '../context.ts';
import { formatIngestReport, ingestReport } from '../ingest-report.ts';

export const run: CommandModule['run'] = async (_args, opts, { config, out, err }) => {
  const corpus = await ingestLocalCorpus(config);
  const report = ingestReport(corpus);
  const u = corpus.update;
  if (opts.format === 'json') out(JSON.stringify({ ...report, index: u }, null, 2));
  else out(`${formatIngestReport(report)}\nindex: ${u.added.length} added, ${u.changed.length} changed, ${u.removed.length} removed, ${u.unchanged} unchanged; ${u.extracted} extracted, ${u.copies} new copies found${u.rebuilt ? ' (rebuilt)' : ''}`);
  for (const w of corpus.warnings) err(`warning: ${w.sourceId}: ${w.message}`);
  return 0;
};
