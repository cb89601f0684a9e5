/**
 * `newsletter subscribers list|add EMAIL|remove EMAIL|import FILE.csv|export` against the
 * running local stack (or AWS when configured). `remove` erases the subscriber and keeps a
 * hashed suppression entry.
 */
import { readFile } from 'node:fs/promises';
import { loadThemes } from '../../adapters/fs/themes-file.ts';
import { formatSubscribersCsv, parseSubscribersCsv } from '../../domain/subscriptions/subscribers-csv.ts';
import { UsageError, ValidationError } from '../../errors.ts';
import { wireSubscriptionDeps } from '../../handlers/subscription-wiring.ts';
import { eraseSubscriber } from '../../services/erase-subscriber.ts';
import { addSubscriber, allSubscribers, exportRows, importSubscribers } from '../../services/manage-subscribers.ts';
import type { CommandModule } from '../context.ts';

export const run: CommandModule['run'] = async (args, opts, { config, out, err }) => {
  const [action, target] = args;
  const themes = await loadThemes(config.themesFile);
  const deps = wireSubscriptionDeps(config, themes);
  const json = opts.format === 'json';
  switch (action) {
    case 'list': {
      const subs = await allSubscribers(deps);
      if (json) out(JSON.stringify({ subscribers: subs }, null, 2));
      else for (const s of subs) out(`${s.email}  ${s.themes.map((t) => `${t.themeId}:${t.status}`).join(' ')}`);
      if (!json) err(`${subs.length} subscriber(s)`);
      return 0;
    }
    case 'add': {
      if (!target) throw new UsageError('subscribers add needs an address', 'newsletter subscribers add EMAIL --theme ID[,ID] [--status pending|active]');
      const status = String(opts.status ?? 'pending');
      if (status !== 'pending' && status !== 'active') throw new UsageError(`--status must be pending or active, got '${status}'`);
      const outcome = await addSubscriber(deps, { email: target, themes: String(opts.theme ?? '').split(','), status, source: 'cli' });
      out(json ? JSON.stringify({ email: target, outcome }) : `${target}: ${outcome}`);
      return outcome.startsWith('refused') ? 2 : 0;
    }
    case 'remove': {
      if (!target) throw new UsageError('subscribers remove needs an address');
      await eraseSubscriber(deps, target);
      out(`${target}: erased (a hashed suppression entry keeps them from being mailed again)`);
      return 0;
    }
    case 'import': {
      if (!target) throw new UsageError('subscribers import needs a CSV file', 'header: email,themes,status');
      let text: string;
      try {
        text = await readFile(target, 'utf8');
      } catch {
        throw new UsageError(`cannot read '${target}'`);
      }
      const { rows, problems } = parseSubscribersCsv(text, themes.map((t) => t.id));
      // A bad header, or --strict with any bad row: nothing is imported.
      if (problems.length && (opts.strict || /^line 1: the header/.test(problems[0]))) throw new ValidationError(`${target}: ${problems.length} bad row(s), nothing imported; first: ${problems[0]}`);
      const results = await importSubscribers(deps, rows);
      if (json) out(JSON.stringify({ results, skipped: problems }, null, 2));
      else {
        for (const r of results) out(`${r.email}: ${r.outcome}`);
        for (const p of problems) err(`skipped ${p}`);
      }
      err(`${results.length} row(s) imported, ${problems.length} skipped${problems.length ? ' (see above; --strict refuses the whole file instead)' : ''}`);
      return 0;
    }
    case 'export':
      out(formatSubscribersCsv(exportRows(await allSubscribers(deps))).trimEnd());
      return 0;
    default:
      throw new UsageError(`unknown action '${action}'`, 'use list, add, remove, import or export');
  }
};
