/**
 * Second rendering stage: MJML with strict validation compiles the filled template into
 * email HTML. An invalid document is an error naming the line, never a silently broken mail.
 */
import mjml2html from 'mjml';
import { TemplateError } from './template-error.ts';

/**
 * The line of the template file an MJML error points at: the filled MJML has partials
 * expanded, so its line numbers drift; find the named element in the template source.
 */
function sourceLine(message: string, mjmlLine: number | null, source?: string): number | null {
  const tag = /(mj-[a-z-]+)/.exec(message)?.[1];
  if (source && tag) {
    const i = source.split('\n').findIndex((l) => l.includes(`<${tag}`));
    if (i >= 0) return i + 1;
  }
  return mjmlLine;
}

/**
 * Drops the indentation MJML writes at the start of every line (about a fifth of an issue's
 * bytes): a line break stays, so HTML renders the same, and every reader's mail is smaller to
 * build, send and store. Left as it is when anything could make whitespace visible
 * (`<pre>`, `<textarea>`, a `white-space` style).
 */
export function trimIndentation(html: string): string {
  if (/<pre[\s>]|<textarea[\s>]|white-space/i.test(html)) return html;
  return html.replace(/\n[ \t]+/g, '\n');
}

/**
 * Compiles MJML to HTML.
 * @param file the template file, for error messages
 * @param source the template's own source, to report lines in it rather than in the filled MJML
 * @throws TemplateError on any validation error
 */
export async function compileMjml(mjml: string, file: string, source?: string): Promise<string> {
  try {
    const result = await mjml2html(mjml, { validationLevel: 'strict', keepComments: false });
    const first = result.errors?.[0];
    if (first) throw new TemplateError(file, sourceLine(first.message, first.line ?? null, source), first.message);
    return trimIndentation(result.html);
  } catch (err) {
    if (err instanceof TemplateError) throw err;
    const e = err as { message: string; errors?: { line?: number; message: string }[] };
    const first = e.errors?.[0];
    const message = (first?.message ?? e.message).split('\n').filter(Boolean).pop() ?? 'invalid MJML';
    throw new TemplateError(file, sourceLine(message, first?.line ?? null, source), message);
  }
}
