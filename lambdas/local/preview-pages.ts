/**
 * HTML of the editor preview: the theme index, a theme's page (device and dark toggles, the
 * email in an iframe, plain text, why each excerpt was chosen, email checks) and the error
 * overlay. Every value is escaped; the small inline script only switches views and reloads
 * on server-sent events.
 */
import type { Digest, Theme } from '../domain/types.ts';
import type { CheckResult } from '../rendering/check-email.ts';

import { escapeHtml as esc } from '../handlers/http/escape-html.ts';

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1f2328}
header{background:#1f2328;color:#fff;padding:10px 20px;display:flex;gap:16px;align-items:center;flex-wrap:wrap}
header a{color:#fff}
main{padding:16px 20px;max-width:1400px}
.themes li{margin:8px 0}
.toolbar{display:flex;gap:8px;flex-wrap:wrap;margin:8px 0}
.toolbar button{padding:6px 12px;border:1px solid #8c959f;background:#fff;border-radius:6px;cursor:pointer}
.toolbar button[aria-pressed=true]{background:#0b57a4;color:#fff;border-color:#0b57a4}
.layout{display:flex;gap:20px;flex-wrap:wrap;align-items:flex-start}
.frame{background:#ddd;padding:10px;border-radius:8px;max-width:100%;overflow:auto}
iframe{border:0;background:#fff;display:block;height:1400px;max-width:100%}
pre{white-space:pre-wrap;background:#fff;padding:12px;border-radius:6px;max-width:640px}
aside{flex:1;min-width:280px;max-width:560px}
.why{background:#fff;border-radius:6px;padding:10px 12px;margin:8px 0}
.terms{color:#57606a;font-size:13px}
.ok{color:#1a7f37}.bad{color:#cf222e}
.badge{background:#ddf4ff;border:1px solid #54aeff;padding:6px 10px;border-radius:6px}
.inline{display:inline-block;margin:4px 6px 0 0}.actions button,.inline button{font-size:12px}
.note label{display:block;margin:4px 0}.note input,.note textarea{width:100%;max-width:560px}
#overlay{position:fixed;inset:0;background:rgba(20,0,0,.85);color:#fff;padding:40px;font:15px/1.5 ui-monospace,monospace;white-space:pre-wrap}
`;

const RELOAD = `<script>
const es = new EventSource('/events');
window.liveReload = es;
es.addEventListener('reload', () => location.reload());
</script>`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}${RELOAD}</body></html>`;
}

/** The index: every theme with its title, schedule and next period. */
export function indexPage(themes: { theme: Theme; next: string }[]): string {
  const items = themes
    .map(({ theme, next }) => `<li><a href="/theme/${esc(theme.id)}">${esc(theme.title)}</a> <span class="terms">(${esc(theme.id)}) · next issue ${esc(next)}${theme.paused ? ' · paused' : ''}</span></li>`)
    .join('');
  return page('Newsletter preview', `<header><strong>Newsletter preview</strong></header><main><h1>Themes</h1><ul class="themes">${items}</ul></main>`);
}

/** A theme's page. */
export function themePage(opts: {
  theme: Theme;
  themes: Theme[];
  digest: Digest;
  text: string;
  subject: string;
  checks: CheckResult[];
  next: string;
  csrf: string;
  canSend: boolean;
  /** The period, and the frozen edition shown (if the period has one). */
  period?: string;
  frozen?: { id: string; approvedAt?: string; createdAt: string; changed: boolean } | null;
  choices?: { pinned: string[]; excluded: string[]; note: { subject: string | null; text: string | null } | null };
}): string {
  const { theme, digest } = opts;
  const action = (name: string, fields: Record<string, string>, label: string) =>
    `<form method="post" action="/theme/${esc(theme.id)}/${name}" class="inline"><input type="hidden" name="csrf" value="${esc(opts.csrf)}">${Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('')}<button>${esc(label)}</button></form>`;
  const pinned = new Set(opts.choices?.pinned ?? []);
  const nav = opts.themes.map((t) => `<a href="/theme/${esc(t.id)}"${t.id === theme.id ? ' aria-current="page"' : ''}>${esc(t.title)}</a>`).join(' · ');
  const why = digest.excerpts
    .map((e, i) => {
      const terms = e.why.terms.slice(0, 8).map((t) => `${esc(t.term)} ${t.score}`).join(', ');
      const src = digest.sources.find((s) => s.id === e.sourceId);
      const dups = src?.duplicates.length ? ` · merged copies: ${src.duplicates.map((d) => `${esc(d.sourceId)} (${esc(d.kind)})`).join(', ')}` : '';
      const r = e.why.relevance;
      const relevance = r ? `relevance ${r.probability} (cut ${r.cut}; decided by ${r.features.map((f) => `${esc(f.name)} ${f.value}`).join(', ')}) · ` : '';
      const buttons = opts.frozen ? '' : `<div class="actions">${pinned.has(e.id) ? action('release', { passage: e.id }, 'Unpin') : action('pin', { passage: e.id }, 'Pin')}${action('exclude', { passage: e.id }, 'Exclude')}</div>`;
      return `<div class="why" data-excerpt="${esc(e.id)}"><strong>${i + 1}. ${esc(e.sourceTitle)}</strong> <span class="terms">${esc(e.id)}</span><div class="terms">${relevance}score ${e.score} (BM25 ${e.why.bm25}) · terms: ${terms}${e.why.phrases.length ? ` · phrases: ${e.why.phrases.map(esc).join(', ')}` : ''}${e.why.notes.length ? ` · ${e.why.notes.map(esc).join('; ')}` : ''}${dups}</div>${buttons}</div>`;
    })
    .join('');
  const checks = opts.checks.map((c) => `<li class="${c.ok ? 'ok' : 'bad'}">${c.ok ? '✔' : '✘'} ${esc(c.rule)}: ${esc(c.detail)}</li>`).join('');
  const send = opts.canSend
    ? `<form method="post" action="/theme/${esc(theme.id)}/send-test"><input type="hidden" name="csrf" value="${esc(opts.csrf)}"><input type="email" name="to" required placeholder="you@example.com" aria-label="Your address"><button>Send a test to me</button></form>`
    : '';
  const body = `<header><strong>Newsletter preview</strong> <a href="/">All themes</a> ${nav}</header><main>
<h1>${esc(theme.title)}</h1><p class="terms">Subject: ${esc(opts.subject)} · issue of ${esc(opts.period ?? opts.next)} · next send ${esc(opts.next)} · ${digest.excerpts.length} excerpt(s)</p>${
  opts.frozen
    ? `<p class="badge" id="frozen" role="status">Frozen: ${esc(opts.frozen.id)} was ${opts.frozen.approvedAt ? `approved ${esc(opts.frozen.approvedAt.slice(0, 16).replace('T', ' '))} UTC` : `frozen by its first send ${esc(opts.frozen.createdAt.slice(0, 16).replace('T', ' '))} UTC`}; this is what goes out.${opts.frozen.changed ? ' <strong>The corpus, templates or your choices changed since</strong>: <code>newsletter send --theme ' + esc(theme.id) + ' --new-edition</code> makes a new edition.' : ''}</p>`
    : `<div class="editor" id="editor">${action('approve', {}, 'Approve this issue')}
<form method="post" action="/theme/${esc(theme.id)}/note" class="note"><input type="hidden" name="csrf" value="${esc(opts.csrf)}"><label>Subject <input name="subject" value="${esc(opts.choices?.note?.subject ?? '')}" placeholder="(from the lead excerpt)"></label><label>Note <textarea name="text" rows="2" placeholder="A line of your own above the excerpts">${esc(opts.choices?.note?.text ?? '')}</textarea></label><button>Save note</button></form>${(opts.choices?.excluded.length ?? 0) ? `<p class="terms">Excluded: ${opts.choices!.excluded.map((id) => `${esc(id)} ${action('release', { passage: id }, 'Put back')}`).join(' ')}</p>` : ''}</div>`
}${digest.status === 'not-enough-material' ? notEnough(digest, theme) : ''}${send}
<div class="toolbar" role="toolbar" aria-label="View">
<button data-width="600" aria-pressed="true">Desktop 600</button><button data-width="375" aria-pressed="false">Mobile 375</button><button data-width="320" aria-pressed="false">Mobile 320</button>
<button data-mode="dark" aria-pressed="false">Dark</button><button data-mode="text" aria-pressed="false">Plain text</button></div>
<div class="layout"><div class="frame" id="frame"><iframe id="email" title="Email preview" src="/theme/${esc(theme.id)}/email.html" width="600"></iframe><pre id="text" hidden>${esc(opts.text)}</pre></div>
<aside><h2>Why these excerpts</h2>${why || '<p>No excerpt matches this theme.</p>'}<h2>Email checks</h2><ul>${checks}</ul></aside></div></main>
<script>
const iframe = document.getElementById('email'), text = document.getElementById('text');
let dark = false;
for (const b of document.querySelectorAll('.toolbar button')) b.addEventListener('click', () => {
  if (b.dataset.width) { for (const o of document.querySelectorAll('[data-width]')) o.setAttribute('aria-pressed', String(o === b)); iframe.width = b.dataset.width; }
  if (b.dataset.mode === 'dark') { dark = !dark; b.setAttribute('aria-pressed', String(dark)); iframe.src = '/theme/${esc(theme.id)}/email.html' + (dark ? '?mode=dark' : ''); }
  if (b.dataset.mode === 'text') { const on = b.getAttribute('aria-pressed') !== 'true'; b.setAttribute('aria-pressed', String(on)); text.hidden = !on; iframe.hidden = on; }
});
</script>`;
  return page(`${theme.title} · preview`, body);
}

/** The overlay shown while a template or themes.yaml is broken; the page reloads when fixed. */
export function errorPage(error: { file?: string; line?: number | null; message: string }): string {
  return page('Preview error', `<div id="overlay" role="alert"><strong>Preview error</strong>\n\nfile: ${esc(error.file ?? '(unknown)')}\nline: ${esc(error.line ?? '?')}\n\n${esc(error.message)}\n\nFix the file and save: this page reloads by itself.</div>`);
}

/** The page after "send a test to me". */
export function messageAfterTest(themeId: string, to: string, r: { sent: number; issueId: string | null; reason?: string }): string {
  const text = r.sent ? `Test of ${r.issueId} sent to ${to}. It is in the SES emulator's web view.` : `Nothing sent: ${r.reason ?? 'unknown reason'}`;
  return page('Send a test', `<header><strong>Newsletter preview</strong> <a href="/theme/${esc(themeId)}">Back to the theme</a></header><main><p role="status">${esc(text)}</p></main>`);
}

/** The preview's alert when an issue has too little: an empty window says so, in days. */
function notEnough(digest: Digest, theme: Theme): string {
  const w = digest.window;
  const inWindow = w ? ` in the last ${w.days} days (${w.articles} article(s) dated from ${w.from})` : '';
  const what = w && w.articles === 0 ? `No article in the last ${w.days} days (window from ${w.from})` : `Not enough material: ${digest.excerpts.length} relevant passage(s)${inWindow}, the theme wants at least ${theme.minExcerpts ?? 3}`;
  return `<p class="bad" role="alert" id="not-enough">${esc(what)}. This issue will not be sent; add articles, widen the theme's keywords${w ? ' or its window' : ''}.</p>`;
}
