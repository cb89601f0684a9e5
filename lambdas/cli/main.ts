/**
 * The `newsletter` command: declares every subcommand and its flags with commander, and
 * loads each command's module only when it runs (so heavy modules such as mjml and the AWS
 * SDK never slow the others). Any error becomes one `error: ...` line and exit code 2.
 */
import { Command, CommanderError, Option } from 'commander';
import { debugEnabled, loadConfig } from '../config.ts';
import { errorLine, UsageError } from '../errors.ts';
import type { CliContext, CommandModule, CommandOptions } from './context.ts';

const program = new Command('newsletter')
  .description('Themed newsletter: ingest articles, pick on-theme passages, render and send digests.')
  .showHelpAfterError(false)
  .exitOverride()
  .configureOutput({
    writeErr: (s) => process.stderr.write(s),
    outputError: (s, write) => write(s.split('\n').filter(Boolean)[0] + '\n'),
  });

function positiveInt(name: string) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} must be a positive whole number, got '${raw}'`);
    return n;
  };
}

function format(...choices: string[]) {
  return new Option('--format <format>', `output format (${choices.join('|')})`).choices(choices).default(choices[0]);
}

/** Declares a subcommand with the common flags and a lazily imported implementation. */
function command(name: string, description: string, load: () => Promise<CommandModule>): Command {
  return program
    .command(name)
    .description(description)
    .option('--corpus <dir>', 'corpus folder', undefined)
    .option('--themes <file>', 'themes file', undefined)
    .option('--data <dir>', 'state folder (default $NEWSLETTER_DATA or ./.data)', undefined)
    .action(async (...actionArgs: unknown[]) => {
      const cmd = actionArgs[actionArgs.length - 1] as Command;
      const opts = cmd.opts() as CommandOptions;
      const args = cmd.args;
      const config = loadConfig(undefined, {
        corpus: opts.corpus as string | undefined,
        themes: opts.themes as string | undefined,
        data: opts.data as string | undefined,
      });
      const ctx: CliContext = {
        config,
        command: cmd.name(),
        out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
        err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
      };
      const mod = await load();
      const code = await mod.run(args, opts, ctx);
      process.exitCode = typeof code === 'number' ? code : 0;
    });
}

command('ingest', 'ingest the corpus and report what was kept, dropped and merged', () => import('./commands/ingest.ts'))
  .addOption(format('text', 'json'));

command('prune', 'remove articles older than a duration from the corpus and its index (archived issues keep their quotes)', () => import('./commands/prune.ts'))
  .requiredOption('--older-than <duration>', 'age to remove: days (180d) or an ISO 8601 duration (P6M)')
  .option('--dry-run', 'list what would be removed; remove nothing')
  .addOption(format('text', 'json'));

command('collect', 'fetch feeds and article pages into the corpus (sources.yaml when no URL is given)', () => import('./commands/collect.ts'))
  .argument('[urls...]', 'feed or page addresses (http or https)')
  .option('--sources <file>', 'sources file (default: sources.yaml next to themes.yaml)')
  .option('--max-items <n>', 'items per feed, newest first (default 50)', positiveInt('--max-items'))
  .addOption(format('json', 'text'));

command('themes', 'list the themes of themes.yaml', () => import('./commands/themes.ts'))
  .addOption(format('text', 'json'));

command('digest', 'select on-theme excerpts and a verbatim summary (stateless)', () => import('./commands/digest.ts'))
  .requiredOption('--theme <id>', 'theme id from themes.yaml')
  .option('--max-excerpts <n>', 'at most N excerpts', positiveInt('--max-excerpts'))
  .addOption(format('json', 'text'));

command('summarize', 'summarise one article (FILE or - for stdin) in document order', () => import('./commands/summarize.ts'))
  .argument('<file>', 'article file, or - for standard input')
  .option('--sentences <n>', 'number of sentences', positiveInt('--sentences'))
  .addOption(format('json', 'text'));

command('render', "render a theme's next issue", () => import('./commands/render.ts'))
  .requiredOption('--theme <id>', 'theme id from themes.yaml')
  .addOption(format('html', 'text', 'eml', 'mjml'))
  .option('--out <file>', 'write to FILE instead of stdout');

command('preview', 'start the editor preview server', () => import('./commands/preview.ts'))
  .option('--port <n>', 'port (default 4300)', positiveInt('--port'));

command('send', "send (or resume) the period's issue of a theme", () => import('./commands/send.ts'))
  .requiredOption('--theme <id>', 'theme id from themes.yaml')
  .option('--to <address>', 'send only to this address (a test send)')
  .option('--dry-run', 'report what would be sent; send nothing')
  .option('--new-edition', 'force a new edition of the current period')
  .addOption(format('text', 'json'));

command('approve', "approve the theme's issue of the current period: freezes it as previewed", () => import('./commands/shape.ts'))
  .requiredOption('--theme <id>', 'theme id from themes.yaml')
  .addOption(format('text', 'json'));

command('pin', "always put a passage in the theme's next issues", () => import('./commands/shape.ts'))
  .requiredOption('--theme <id>', 'theme id from themes.yaml')
  .argument('<passage>', 'passage id (from the preview or newsletter digest)');

command('exclude', "keep a passage out of the theme's issues", () => import('./commands/shape.ts'))
  .requiredOption('--theme <id>', 'theme id from themes.yaml')
  .argument('<passage>', 'passage id (from the preview or newsletter digest)');

command('note', "set the note (and subject) above the theme's next issue; an empty text clears it", () => import('./commands/shape.ts'))
  .requiredOption('--theme <id>', 'theme id from themes.yaml')
  .option('--subject <text>', "the issue's subject")
  .option('--text <text>', 'the note (plain text; blank lines make paragraphs)');

command('issues', 'operator view of issues: list | show ID | redrive ID | resolve ID --resend-uncertain', () => import('./commands/issues.ts'))
  .argument('[action]', 'list, show, redrive or resolve', 'list')
  .argument('[id]', 'issue id')
  .option('--resend-uncertain', 'with resolve: send again to readers whose first send is uncertain (they may get a second copy)')
  .addOption(format('text', 'json'));

command('subscribers', 'manage subscribers: list | add EMAIL | remove EMAIL | import FILE.csv | export', () =>
  import('./commands/subscribers.ts'),
)
  .argument('<action>', 'list, add, remove, import or export')
  .argument('[target]', 'address or CSV file')
  .option('--theme <ids>', 'theme ids (comma-separated) for add')
  .option('--status <status>', 'pending or active for add', 'pending')
  .option('--strict', 'with import: refuse the whole file when any row is bad')
  .addOption(format('text', 'json'));

command('stats', "a theme's issues with sends and engagement (delivered, bounced, complained; opens and clicks when tracked)", () => import('./commands/stats.ts'))
  .requiredOption('--theme <id>', 'theme id from themes.yaml')
  .addOption(format('text', 'json'));

command('ses-event', 'run an SES event notification (JSON, as SNS delivers it) through the SES-events code', () => import('./commands/ses-event.ts'))
  .argument('<file>', 'the notification');

command('inbound', 'process an inbound email (.eml) as SES would deliver it', () => import('./commands/inbound.ts'))
  .argument('<file>', 'the .eml file')
  .option('--authserv-id <id>', "the receiving server whose topmost Authentication-Results header is trusted (default amazonses.com)");

command('start', 'start the local stack (DynamoDB, SES emulator, API, preview)', () => import('./commands/start.ts'));

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // commander already printed its one-line message (help and version exit 0).
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else {
    process.stderr.write(errorLine(err) + '\n');
    process.exitCode = (err as { exitCode?: number }).exitCode ?? 2;
    if (debugEnabled() && err instanceof Error) process.stderr.write(String(err.stack) + '\n');
  }
}
