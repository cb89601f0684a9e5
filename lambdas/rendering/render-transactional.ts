/**
 * Transactional mails (confirm, welcome, unsubscribed) for one reader. Deployed bundles ship
 * the templates precompiled (templates/compiled/transactional.json, written at build time),
 * so this fills tokens and needs no mjml; without that file (the local stack, tests) the
 * templates are compiled from the files, again only when the files changed.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fillPrecompiled, type PrecompiledTransactional } from './precompiled-transactional.ts';
import type { RenderedMail, TransactionalData, TransactionalName } from './transactional-view.ts';

export type { RenderedMail, TransactionalData, TransactionalName } from './transactional-view.ts';

/** Where a build step writes the precompiled templates. */
export const PRECOMPILED_FILE = path.join('compiled', 'transactional.json');
const shipped = new Map<string, Promise<PrecompiledTransactional | null>>();

async function precompiled(templatesDir: string): Promise<PrecompiledTransactional> {
  let p = shipped.get(templatesDir);
  if (!p) {
    p = readFile(path.join(templatesDir, PRECOMPILED_FILE), 'utf8').then((t) => JSON.parse(t) as PrecompiledTransactional, () => null);
    shipped.set(templatesDir, p);
  }
  const ready = await p;
  if (ready) return ready;
  // Local: compile from the templates as they are now (an editor's change shows at once).
  const { precompiledFromFiles } = await import('./precompile-transactional.ts');
  return precompiledFromFiles(templatesDir);
}

/** Renders a transactional mail. */
export async function renderTransactional(name: TransactionalName, data: TransactionalData, templatesDir: string): Promise<RenderedMail> {
  return fillPrecompiled(await precompiled(templatesDir), name, data);
}

/**
 * Compiles the transactional templates ahead of the first mail (the local stack calls it at
 * start: a first compilation blocks the event loop for a few hundred milliseconds).
 * @throws TemplateError when a template is invalid
 */
export async function warmTransactional(templatesDir: string): Promise<void> {
  await precompiled(templatesDir);
}
