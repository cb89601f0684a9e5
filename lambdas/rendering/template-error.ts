/** The error of a template that cannot be filled or compiled: file, line and message, for the CLI and the preview overlay. */
import { AppError } from '../errors.ts';

export class TemplateError extends AppError {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly detail: string,
  ) {
    super('template', `${file}${line ? ` line ${line}` : ''}: ${detail}`, { hint: 'fix the template; MJML is validated strictly', httpStatus: 500 });
  }
}
