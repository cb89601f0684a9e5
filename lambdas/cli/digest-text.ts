/** Terminal rendering of a digest: theme, summary with sources, then each excerpt with its why. */
import type { Digest } from '../domain/types.ts';

function wrap(text: string, width = 88, indent = '  '): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + w.length + 1 > width) {
      lines.push(indent + line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

/** Renders a digest for reading in a terminal. */
export function formatDigestText(d: Digest): string {
  const out: string[] = [`${d.theme.title} (${d.theme.id})`, '='.repeat(Math.min(88, d.theme.title.length + d.theme.id.length + 3)), ''];
  if (d.summary.sentences.length) {
    out.push('Summary');
    for (const s of d.summary.sentences) out.push(wrap(`"${s.text}" [${s.sourceId}]`));
    out.push('');
  }
  if (!d.excerpts.length) out.push('No excerpt matches this theme.');
  d.excerpts.forEach((e, i) => {
    out.push(`${i + 1}. ${e.sourceTitle}${e.sourceDate ? ` (${e.sourceDate})` : ''} [${e.sourceId}]`);
    out.push(wrap(e.text));
    const terms = e.why.terms.slice(0, 6).map((t) => `${t.term} ${t.score}`).join(', ');
    out.push(`   why: score ${e.score}; terms: ${terms}${e.why.phrases.length ? `; phrases: ${e.why.phrases.join(', ')}` : ''}${e.why.notes.length ? `; ${e.why.notes.join('; ')}` : ''}`);
    out.push('');
  });
  return out.join('\n').trimEnd();
}
