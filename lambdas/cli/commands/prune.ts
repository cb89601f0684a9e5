/** `newsletter prune --older-than DURATION [--dry-run] [--format json|text]`: retention for the local corpus and index. */
import { FsCorpusReader } from '../../adapters/fs/fs-corpus-reader.ts';
import { FsCorpusWriter } from '../../adapters/fs/fs-corpus-writer.ts';
import { withIndexLock } from '../../adapters/fs/fs-index-lock.ts';
import { parseWindow } from '../../domain/stream/window.ts';
import { UsageError } from '../../errors.ts';
import { localIndexStore, localIndexUpdateOptions } from '../../handlers/ingest-wiring.ts';
import { pruneCorpus } from '../../services/prune-corpus.ts';
import type { CommandModule } from '../context.ts';

export const run: CommandModule['run'] = async (_args, opts, { config, out }) => {
  const raw = String(opts.olderThan);
  const duration = parseWindow(raw);
  if ('error' in duration || duration.kind !== 'duration') throw new UsageError(`--older-than '${raw.slice(0, 40)}' is not a duration`, 'use days like 180d or an ISO 8601 duration like P6M');
  const corpus = { reader: new FsCorpusReader(config.corpusDir), writer: new FsCorpusWriter(config.corpusDir) };
  const prune = () => pruneCorpus(corpus, localIndexStore(config), duration.ms, { ...localIndexUpdateOptions(config), dryRun: Boolean(opts.dryRun) });
  const report = await withIndexLock(config.dataDir, prune);
  if (opts.format === 'json') {
    out(JSON.stringify(report, null, 2));
    return 0;
  }
  const verb = report.dryRun ? 'would remove' : 'removed';
  const lines = report.removed.map((r) => `  ${r.id} (${r.day ?? 'undated'})`);
  out([`${verb} ${report.removed.length} article(s) dated before ${report.before}; ${report.kept} kept`, ...lines].join('\n'));
  return 0;
};
