/** Compiles the transactional templates once with tokens in place of the reader's values (build step of the API bundle, and the local fallback). */
import { compileMjml } from './compile-mjml.ts';
import { fillTemplate } from './fill-template.ts';
import { TOKENS, type PrecompiledTransactional } from './precompiled-transactional.ts';
import { readTemplate } from './template-files.ts';
import { TRANSACTIONAL_NAMES, transactionalView } from './transactional-view.ts';

/** Compiles every transactional template in `templatesDir`. */
export async function precompileTransactional(templatesDir: string): Promise<PrecompiledTransactional> {
  const out = {} as PrecompiledTransactional;
  for (const name of TRANSACTIONAL_NAMES) {
    const template = await readTemplate(templatesDir, name);
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
