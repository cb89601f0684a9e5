/**
 * First rendering stage: Handlebars fills a template's MJML with view data. Every value is
 * HTML-escaped; the result is never fed to Handlebars again, so template syntax inside
 * corpus text is printed, never evaluated. Only known helpers (if, each, unless, with) run.
 */
import Handlebars from 'handlebars';
import { TemplateError } from './template-error.ts';
import type { TemplateSource } from './template-files.ts';

/**
 * Fills the template with data.
 * @throws TemplateError with the line of a syntax error
 */
export function fillTemplate(template: TemplateSource, data: unknown): string {
  const hb = Handlebars.create();
  for (const [name, source] of Object.entries(template.partials)) hb.registerPartial(name, source);
  try {
    return hb.compile(template.source, { knownHelpersOnly: true, strict: false, preventIndent: true })(data);
  } catch (err) {
    const msg = (err as Error).message;
    const line = /line (\d+)/i.exec(msg)?.[1];
    throw new TemplateError(template.file, line ? Number(line) : null, msg.split('\n')[0]);
  }
}
