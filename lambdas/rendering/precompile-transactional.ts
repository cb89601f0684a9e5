/**
 * Compiles the transactional templates once with tokens in place of the reader's values
 * (build step of the API bundle, and the local fallback). The local fallback keeps the last
 * compilation per folder and reuses it while the template files read the same, so a
 * confirmation mail costs a few file reads rather than six MJML compilations (about 35 ms of
 * blocked event loop each), and an editor's change still shows in the next mail.
 */
import { createHash } from 'node:crypto';
import { compileMjml } from './compile-mjml.ts';
import { fillTemplate } from './fill-template.ts';
import { TOKENS, type PrecompiledTransactional } from './precompiled-transactional.ts';
import { readTemplate, type TemplateSource } from './template-files.ts';
import { TRANSACTIONAL_NAMES, transactionalView } from './transactional-view.ts';

const lastCompiled = new Map<string, { fingerprint: string; compiled: Promise<PrecompiledTransactional> }>();

/**
 * The transactional templates of `templatesDir`, compiled, or the last compilation when the
 * files have not changed since.
 */
export async function precompiledFromFiles(templatesDir: string): Promise<PrecompiledTransactional> {
  const templates = await Promise.all(TRANSACTIONAL_NAMES.map((name) => readTemplate(templatesDir, name)));
  const hash = createHash('sha1');
  for (const t of templates) hash.update(`${t.file}\u0000${t.source}\u0000${JSON.stringify(Object.entries(t.partials))}\u0000`);
  const fingerprint = hash.digest('base64');
  const last = lastCompiled.get(templatesDir);
  if (last?.fingerprint === fingerprint) return last.compiled;
  const compiled = compileAll(templates);
  lastCompiled.set(templatesDir, { fingerprint, compiled });
  compiled.catch(() => lastCompiled.get(templatesDir)?.compiled === compiled && lastCompiled.delete(templatesDir));
  return compiled;
}

/** Compiles every transactional template in `templatesDir`. */
export async function precompileTransactional(templatesDir: string): Promise<PrecompiledTransactional> {
  return compileAll(await Promise.all(TRANSACTIONAL_NAMES.map((name) => readTemplate(templatesDir, name))));
}

async function compileAll(templates: TemplateSource[]): Promise<PrecompiledTransactional> {
  const out = {} as PrecompiledTransactional;
  for (const [i, name] of TRANSACTIONAL_NAMES.entries()) {
    const template = templates[i];
    const view = (themeTitle: string) => ({
      lang: 'en',
      subject: TOKENS.subject,
      preheader: TOKENS.preheader,
      heading: transactionalView(name, { themes: [], postalAddress: '', links: {} }).view.heading,
      newsletterName: TOKENS.newsletterName,
      dateLabel: '',
      themeTitle,
      themeList: TOKENS.themeList,
      postalAddress: TOKENS.postalAddress,
      ttlHours: TOKENS.ttlHours,
      firstIssue: TOKENS.firstIssue,
      links: { confirm: TOKENS.confirm, unsubscribe: TOKENS.unsubscribe, preferences: TOKENS.preferences, undo: TOKENS.undo },
    });
    const compile = (themeTitle: string) => compileMjml(fillTemplate(template, view(themeTitle)), template.file, template.source);
    out[name] = { single: await compile(TOKENS.themeTitle), multi: await compile('') };
  }
  return out;
}
