/**
 * Template files: reads templates/<name>/template.mjml (and preview.json) and the shared
 * partials in templates/partials/. Read per call so an editor's change is seen at once.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { TemplateError } from './template-error.ts';

export type TemplateName = 'digest' | 'confirm' | 'welcome' | 'unsubscribed';
export const TEMPLATE_NAMES: TemplateName[] = ['digest', 'confirm', 'welcome', 'unsubscribed'];

export interface TemplateSource {
  name: string;
  file: string;
  source: string;
  partials: Record<string, string>;
}

/** Reads one template with the partials. */
export async function readTemplate(dir: string, name: string): Promise<TemplateSource> {
  const file = path.join(dir, name, 'template.mjml');
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch {
    throw new TemplateError(path.relative(process.cwd(), file) || file, null, 'template file not found');
  }
  const partials: Record<string, string> = {};
  const partialDir = path.join(dir, 'partials');
  let names: string[] = [];
  try {
    names = (await readdir(partialDir)).filter((f) => f.endsWith('.mjml'));
  } catch {
    names = [];
  }
  for (const f of names) partials[f.replace(/\.mjml$/, '')] = await readFile(path.join(partialDir, f), 'utf8');
  return { name, file, source, partials };
}

/** Reads a template's preview.json fixture. */
export async function readPreviewData(dir: string, name: string): Promise<unknown> {
  const file = path.join(dir, name, 'preview.json');
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new TemplateError(file, null, `preview.json: ${(err as Error).message.split('\n')[0]}`);
  }
}
