/**
 * What every CLI command receives: the frozen config and the two output streams.
 * Commands are thin: parse flags, call one service, print the result.
 */
import type { Config } from '../config.ts';

export interface CliContext {
  config: Config;
  /** The subcommand's name as declared (one module may serve several, e.g. approve|pin). */
  command: string;
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Options commander parsed for a command, plus the common --corpus/--themes/--data. */
export type CommandOptions = Record<string, unknown>;

/** Shape of each module under lambdas/cli/commands/. Returns the exit code (default 0). */
export interface CommandModule {
  run(args: string[], opts: CommandOptions, ctx: CliContext): Promise<number | void>;
}
