/** `newsletter ingest [--format json|text]`: ingests the corpus and reports what was kept, dropped and merged. */
import { FsCorpusReader } from '../../adapters/fs/fs-corpus-reader.ts';
import { ingestCorpus } from '../../services/ingest-corpus.ts';
import type { CommandModule } from '../context.ts';
import { formatIngestReport, ingestReport } from '../ingest-report.ts';

export const run: CommandModule['run'] = async (_args, opts, { config, out, err }) => {
  const corpus = await ingestCorpus(new FsCorpusReader(config.corpusDir), { label: config.corpusDir });
  const report = ingestReport(corpus);
  if (opts.format === 'json') out(JSON.stringify(report, null, 2));
  else out(formatIngestReport(report));
  for (const w of corpus.warnings) err(`warning: ${w.sourceId}: ${w.message}`);
  return 0;
};
