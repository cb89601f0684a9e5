/**
 * Typed errors with user-facing messages. Each carries a stable `code`, a message that names
 * the problem, an optional hint naming the fix, and how it maps to a CLI exit code and an
 * HTTP status. Adapters translate SDK errors into these; services never see AWS error types.
 */

/** Base class of every error the product shows to a user. */
export class AppError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly exitCode: number;
  readonly httpStatus: number;

  constructor(code: string, message: string, opts: { hint?: string; exitCode?: number; httpStatus?: number } = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.hint = opts.hint;
    this.exitCode = opts.exitCode ?? 2;
    this.httpStatus = opts.httpStatus ?? 400;
  }

  /** One line for a terminal: message, then the hint after a semicolon. */
  toLine(): string {
    return this.hint ? `${this.message}; ${this.hint}` : this.message;
  }
}

/** Bad flags or arguments. */
export class UsageError extends AppError {
  constructor(message: string, hint?: string) {
    super('usage', message, { hint, httpStatus: 400 });
  }
}

/** Bad input data (an address, a body, a CSV row...). */
export class ValidationError extends AppError {
  constructor(message: string, hint?: string) {
    super('invalid', message, { hint, httpStatus: 400 });
  }
}

/** A request body in a media type the API does not read (415). */
export class UnsupportedMediaTypeError extends AppError {
  constructor(type: string) {
    super('unsupported-media-type', `the body's content type '${type}' is not accepted`, { hint: 'send application/json or an HTML form (application/x-www-form-urlencoded)', httpStatus: 415 });
  }
}

/** A theme id that is not in themes.yaml. */
export class UnknownThemeError extends AppError {
  constructor(id: string, known: string[]) {
    super('unknown_theme', `unknown theme '${id}'`, {
      hint: `known: ${known.length ? known.join(', ') : '(none; add themes to themes.yaml)'}`,
      httpStatus: 404,
    });
  }
}

/** themes.yaml cannot be read or does not follow the schema. */
export class ThemesFileError extends AppError {
  constructor(file: string, message: string, line?: number) {
    super('themes_file', `${file}${line ? ` line ${line}` : ''}: ${message}`, { httpStatus: 500 });
  }
}

/** The corpus has no usable article. */
export class EmptyCorpusError extends AppError {
  constructor(dir: string, detail?: string) {
    super('empty_corpus', `no usable article in corpus '${dir}'${detail ? ` (${detail})` : ''}`, {
      hint: 'add .txt, .md or .html files or pass --corpus DIR',
      httpStatus: 500,
    });
  }
}

/** Something asked for does not exist (an issue id, a subscriber...). */
export class NotFoundError extends AppError {
  constructor(what: string, hint?: string, opts: { exitCode?: number } = {}) {
    super('not_found', `${what} not found`, { hint, httpStatus: 404, exitCode: opts.exitCode ?? 2 });
  }
}

/** A token that is forged, tampered, expired or for another purpose. */
export class InvalidTokenError extends AppError {
  constructor(reason: string) {
    super('invalid_token', `invalid link: ${reason}`, { hint: 'ask for a new link', httpStatus: 400 });
  }
}

/** Too many requests from one address or IP. */
export class RateLimitedError extends AppError {
  constructor(what: string) {
    super('rate_limited', `too many requests for ${what}`, { hint: 'try again later', httpStatus: 429 });
  }
}

/** Configuration that cannot work (missing secret, dev secret on AWS...). */
export class ConfigError extends AppError {
  constructor(message: string, hint?: string) {
    super('config', message, { hint, exitCode: 2, httpStatus: 500 });
  }
}

/** A local service (DynamoDB, SES emulator) that is not reachable. */
export class ServiceUnavailableError extends AppError {
  constructor(what: string, hint?: string) {
    super('unavailable', `${what} is not reachable`, { hint, exitCode: 2, httpStatus: 503 });
  }
}

/** A segment the index's manifest names is not there (removed by hand, or the index is damaged). */
export class IndexSegmentMissingError extends AppError {
  constructor(file: string) {
    super('index_segment_missing', `index segment ${file} is missing`, { hint: "run 'newsletter ingest' again", httpStatus: 500 });
  }
}

/** sources.yaml cannot be read or does not follow its shape. */
export class SourcesFileError extends AppError {
  constructor(file: string, message: string) {
    super('sources_file', `${file}: ${message}`, { hint: 'see README "collect": feeds: [{url, name?}], pages: [url, ...]', httpStatus: 500 });
  }
}

/** Every address given to collect failed. */
export class CollectFailedError extends AppError {
  constructor(count: number, first: string) {
    super('collect_failed', `all ${count} address(es) failed; first: ${first}`, { hint: 'check the addresses and your network, then run collect again' });
  }
}

/** Formats any thrown value as the one `error: ...` line the CLI prints. */
export function errorLine(err: unknown): string {
  if (err instanceof AppError) return `error: ${err.toLine()}`;
  const msg = err instanceof Error ? err.message : String(err);
  return `error: ${msg.split('\n')[0]}`;
}
