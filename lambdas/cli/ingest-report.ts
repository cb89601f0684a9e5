/**
 * The `newsletter ingest` report: per source its inferred metadata, kept passages, dropped
 * blocks with reasons and merges, as JSON or as text for a terminal.
 */
import { groupBy } from '../domain/group-by.ts';
import type { Corpus } from '../domain/types.ts';

export interface IngestReport {
  sources: {
    id: string;
    title: string;
    date: string | null;
    url: string | null;
    canonical: string | null;
    author: string | null;
    site: string | null;
    format: string;
    notes: number;
    kept: { id: string; heading: string | null; text: string; citations: string[]; duplicates: Corpus['passages'][number]['duplicates'] }[];
    dropped: { reason: string; text: string }[];
    merged: { id: string; into: string; kind: string; score: number }[];
    duplicates: Corpus['sources'][number]['duplicates'];
  }[];
  warnings: { sourceId: string; message: string }[];
  totals: { sources: number; passages: number; dropped: number; merged: number; warnings: number };
}

/**
 * Builds the report from an ingested corpus. Passages, dropped blocks and merges are grouped
 * by source in one pass each (a first ingest of 10,000 articles has tens of thousands of each).
 */
export function ingestReport(corpus: Corpus): IngestReport {
  const passagesOf = groupBy(corpus.passages, (p) => p.sourceId);
  const droppedOf = groupBy(corpus.dropped, (d) => d.sourceId);
  const mergedOf = groupBy(corpus.merged, (m) => m.passage.sourceId);
  return {
    sources: corpus.sources.map((s) => ({
      id: s.id,
      title: s.title,
      date: s.date,
      url: s.url,
      canonical: s.canonical ?? null,
      author: s.author,
      site: s.site ?? null,
      format: s.format,
      notes: s.notes.length,
      kept: (passagesOf.get(s.id) ?? []).map((p) => ({ id: p.id, heading: p.heading, text: p.text, citations: p.citations, duplicates: p.duplicates })),
      dropped: (droppedOf.get(s.id) ?? []).map((d) => ({ reason: d.reason, text: d.text })),
      merged: (mergedOf.get(s.id) ?? []).map((m) => ({ id: m.passage.id, into: m.into, kind: m.kind, score: Math.round(m.score * 1000) / 1000 })),
      duplicates: s.duplicates,
    })),
    warnings: corpus.warnings,
    totals: {
      sources: corpus.sources.length,
      passages: corpus.passages.length,
      dropped: corpus.dropped.length,
      merged: corpus.merged.length,
      warnings: corpus.warnings.length,
    },
  };
}

function clip(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

/** Renders the report for a terminal. */
export function formatIngestReport(report: IngestReport): string {
  const lines: string[] = [];
  for (const s of report.sources) {
    lines.push(`${s.id}`);
    lines.push(`  title: ${s.title}`);
    lines.push(`  date: ${s.date ?? '(unknown)'}   url: ${s.url ?? '(none)'}   author: ${s.author ?? '(unknown)'}   site: ${s.site ?? '(unknown)'}   notes: ${s.notes}`);
    if (s.canonical) lines.push(`  canonical (another site, not linked): ${s.canonical}`);
    lines.push(`  kept ${s.kept.length} passage(s), dropped ${s.dropped.length} block(s), merged ${s.merged.length} as duplicates`);
    for (const p of s.kept) lines.push(`    + ${p.id}  ${clip(p.text, 90)}${p.duplicates.length ? `  [+${p.duplicates.length} duplicate(s)]` : ''}`);
    for (const d of s.dropped) lines.push(`    - ${d.reason}: ${clip(d.text, 70)}`);
    for (const m of s.merged) lines.push(`    = ${m.id} -> ${m.into} (${m.kind}, ${m.score})`);
    if (s.duplicates.length) lines.push(`  copies of this source: ${s.duplicates.map((d) => `${d.sourceId} (${d.kind})`).join(', ')}`);
  }
  for (const w of report.warnings) lines.push(`warning: ${w.sourceId}: ${w.message}`);
  const t = report.totals;
  lines.push(`${t.sources} source(s), ${t.passages} passage(s) kept, ${t.dropped} block(s) dropped, ${t.merged} merged, ${t.warnings} warning(s)`);
  return lines.join('\n');
}
