/**
 * Second rendering stage: MJML with strict validation compiles the filled template into
 * email HTML. An invalid document is an error naming the line, never a silently broken mail.
 */
import mjml2html from 'mjml';
import { TemplateError } from './template-error.ts';

/**
 * Compiles MJML to HTML.
 * @param file the template file, for error messages
 * @throws TemplateError on any validation error
 */
export async function compileMjml(mjml: string, file: string): Promise<string> {
  try {
    const result = await mjml2html(mjml, { validationLevel: 'strict', keepComments: false });
    const first = result.errors?.[0];
    if (first) throw new TemplateError(file, first.line ?? null, first.message);
    return result.html;
  } catch (err) {
    if (err instanceof TemplateError) throw err;
    const e = err as { message: string; errors?: { line?: number; message: string }[] };
    const first = e.errors?.[0];
    throw new TemplateError(file, first?.line ?? null, (first?.message ?? e.message).split('\n').filter(Boolean).pop() ?? 'invalid MJML');
  }
}
