/**
 * `newsletter summarize FILE|- [--sentences N] [--format json|text]`: cleans one article
 * like ingestion does, then prints its generic extractive summary in document order.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { summarizeArticle, DEFAULT_SENTENCES } from '../../domain/digest/summarize-article.ts';
import { ingestDocument } from '../../domain/text/ingest-document.ts';
import { UsageError, ValidationError } from '../../errors.ts';
import type { CommandModule } from '../context.ts';

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export const run: CommandModule['run'] = async (args, opts, { out }) => {
  const file = args[0];
  let bytes: Uint8Array;
  let id: string;
  if (file === '-') {
    bytes = await readStdin();
    id = 'stdin.txt';
  } else {
    try {
      bytes = await readFile(file);
    } catch {
      throw new UsageError(`cannot read '${file}'`, 'pass an existing .txt, .md or .html file, or - for standard input');
    }
    id = path.basename(file);
    if (!/\.(txt|text|md|markdown|html?)$/i.test(id)) id += '.txt';
  }
  const doc = ingestDocument(id, bytes);
  if (!doc.source) throw new ValidationError(`${file === '-' ? 'standard input' : file}: ${doc.warnings[0]?.message ?? 'no article text'}`, 'give an article with at least one paragraph of prose');
  const paragraphs = new Map<number, string[]>();
  for (const p of doc.passages) paragraphs.set(p.paragraphIndex, [...(paragraphs.get(p.paragraphIndex) ?? []), p.text]);
  const text = [...paragraphs.values()].map((parts) => parts.join(' ')).join('\n\n');
  const sentences = summarizeArticle(text, { sentences: (opts.sentences as number | undefined) ?? DEFAULT_SENTENCES, title: doc.source.title });
  out(opts.format === 'text' ? sentences.map((s) => s.text).join('\n') : JSON.stringify({ sentences }, null, 2));
  return 0;
};
