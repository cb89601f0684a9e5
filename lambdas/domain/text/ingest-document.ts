/**
 * Ingestion of one article: from raw bytes to a Source with its cleaned passages, the blocks
 * dropped and why, and warnings. Pure: the caller reads the file.
 */
import type { DroppedBlock, IngestWarning, Passage, Source, SourceFormat } from '../types.ts';
import { createHash } from 'node:crypto';
import type { DeclaredMeta, ReadDocument } from './blocks.ts';
import { chooseSourceAddress, siteForAddress } from './source-address.ts';
import { cleanBlocks } from './clean-blocks.ts';
import { ALL_CLEANING, DEFAULT_POLICY, type ExtractionPolicy } from './extraction/extraction-policy.ts';
import { sniffHtmlCharset } from './charset.ts';
import { decodeBytes } from './decode.ts';
import { splitFrontMatter } from './front-matter.ts';
import { inferMetadata } from './metadata.ts';
import { normalizeNewlines, wordCount } from './normalize.ts';
import { paragraphToPassages } from './passages.ts';
import { readHtml } from './read-html.ts';
import { readMarkdown } from './read-markdown.ts';
import { readPlainText } from './read-plain-text.ts';

/** Largest article accepted, in bytes. */
export const MAX_ARTICLE_BYTES = 5 * 1024 * 1024;

const FORMATS: Record<string, SourceFormat> = { txt: 'txt', text: 'txt', md: 'md', markdown: 'md', html: 'html', htm: 'html' };

export interface DocumentResult {
  /** Null when the file was skipped (see warnings). */
  source: Source | null;
  passages: Passage[];
  dropped: DroppedBlock[];
  warnings: IngestWarning[];
}

/** The format of a file by its extension, or null when unsupported. */
export function formatOf(id: string): SourceFormat | null {
  const m = /\.([a-z0-9]+)$/i.exec(id);
  return m ? (FORMATS[m[1].toLowerCase()] ?? null) : null;
}

function skipped(id: string, message: string): DocumentResult {
  return { source: null, passages: [], dropped: [], warnings: [{ sourceId: id, message }] };
}

/** Options of one article's ingestion. */
export interface IngestOptions {
  /** Metadata from a `<file>.meta.json` beside it (wins over the page's own). */
  sidecar?: DeclaredMeta;
  /** The charset the server declared (from the sidecar); else the page's own. */
  charset?: string | null;
  /** Which extraction rules run (the shipped policy by default). */
  policy?: ExtractionPolicy;
}

/** A decoded article before its format's reader runs. */
export interface PreparedDocument {
  id: string;
  format: SourceFormat;
  /** The text after decoding (and without front matter). */
  text: string;
  /** What front matter declared. */
  declared: DeclaredMeta;
  warnings: IngestWarning[];
}

/**
 * Decodes an article and splits off its front matter.
 * @returns the prepared document, or the skip result with its reason
 */
export function prepareDocument(id: string, bytes: Uint8Array, opts: Pick<IngestOptions, 'charset'> = {}): PreparedDocument | DocumentResult {
  const format = formatOf(id);
  if (!format) return skipped(id, `unsupported file type '${id.includes('.') ? id.slice(id.lastIndexOf('.')) : '(none)'}'; expected .txt, .md or .html`);
  if (bytes.length === 0) return skipped(id, 'empty file');
  if (bytes.length > MAX_ARTICLE_BYTES) return skipped(id, `file is ${(bytes.length / 1048576).toFixed(1)} MB, over the ${MAX_ARTICLE_BYTES / 1048576} MB limit for one article`);
  const decoded = decodeBytes(bytes, { charset: opts.charset ?? (format === 'html' ? sniffHtmlCharset(bytes) : null) });
  if (!decoded.ok) return skipped(id, decoded.reason);
  const warnings: IngestWarning[] = decoded.warning ? [{ sourceId: id, message: decoded.warning }] : [];
  let text = normalizeNewlines(decoded.text);
  let declared: DeclaredMeta = {};
  if (format !== 'html') {
    const fm = splitFrontMatter(text);
    text = fm.body;
    declared = fm.declared;
    if (fm.warning) warnings.push({ sourceId: id, message: fm.warning });
  }
  return { id, format, text, declared, warnings };
}

/**
 * Ingests one article.
 * @param id path relative to the corpus root (becomes the source id)
 * @param bytes the file's content
 */
export function ingestDocument(id: string, bytes: Uint8Array, opts: IngestOptions = {}): DocumentResult {
  // One file that breaks a reader (a stack overflow in a parser, say) is one warning for that
  // file, never the end of the whole ingest (issue #26); the worker pool does the same.
  try {
    const prepared = prepareDocument(id, bytes, opts);
    if (!('format' in prepared)) return prepared;
    const policy = opts.policy ?? DEFAULT_POLICY;
    const { format, text } = prepared;
    const read: ReadDocument = format === 'html' ? readHtml(text, policy.html) : format === 'md' ? readMarkdown(text) : readPlainText(text);
    return finishDocument(prepared, read, opts);
  } catch (err) {
    return skipped(id, `could not be read (${String((err as Error)?.message ?? err).split('\n')[0]})`);
  }
}

/**
 * The second half of ingestion: metadata, cleaning and passages from what the reader found.
 * @param prepared the decoded article
 * @param read what its format's reader returned
 */
export function finishDocument(prepared: PreparedDocument, read: ReadDocument, opts: IngestOptions = {}): DocumentResult {
  const { id, format, declared } = prepared;
  if (read.unreadable) return skipped(id, read.unreadable);
  const warnings = [...prepared.warnings];
  const cleaning = format === 'html' ? (opts.policy ?? DEFAULT_POLICY).htmlCleaning : ALL_CLEANING;
  // Precedence: the collector's sidecar (or front matter), then the page's own metadata;
  // the address follows source-address.ts (the fetched one unless the claim is same-site).
  const given: DeclaredMeta = { ...declared, ...opts.sidecar };
  const address = chooseSourceAddress(given.url, given.canonical ?? read.declared.url);
  const site = siteForAddress(address, given.site, read.declared.site);
  const meta = inferMetadata(read.blocks, { ...read.declared, ...given, url: address.url ?? undefined, site });
  const cleaned = cleanBlocks(read.blocks, meta.consumed, cleaning);
  const dropped: DroppedBlock[] = [...read.dropped, ...cleaned.dropped].map((d) => ({ sourceId: id, ...d }));

  const passages: Passage[] = [];
  let heading: string | null = null;
  let paragraphIndex = 0;
  for (const b of cleaned.blocks) {
    if (b.kind === 'heading') {
      heading = b.text;
      continue;
    }
    passages.push(...paragraphToPassages({ sourceId: id, paragraphIndex, text: b.text, heading, citations: b.citations }));
    paragraphIndex++;
  }
  if (!passages.length || passages.every((p) => wordCount(p.text) < 5)) {
    return { ...skipped(id, 'no article text left after cleaning'), dropped };
  }
  const source: Source = {
    id,
    title: meta.title ?? id,
    date: meta.date,
    url: meta.url,
    canonical: address.canonical,
    author: meta.author,
    site: meta.site,
    format,
    notes: cleaned.notes,
    duplicates: [],
  };
  return { source, passages, dropped, warnings };
}

/** The shipped extraction policy, part of every cache key (a refit re-extracts). */
const POLICY_KEY = JSON.stringify(DEFAULT_POLICY);

/** Bumped when ingestion changes in a way a content hash cannot see (cache keys include it). */
export const INGEST_VERSION = 5;

/** What identifies the ingesting code where its sources are not on disk (a bundle): the version and the extraction policy. */
export function ingestCodeVersion(): string {
  return createHash('sha256').update(`${INGEST_VERSION}\0${POLICY_KEY}`).digest('hex').slice(0, 16);
}

/**
 * The cache key of one document: its id, its bytes, its sidecar and charset, the extraction
 * policy and the ingestion version (and, when given, a fingerprint of the ingesting code).
 */
export function documentKey(job: { id: string; bytes: Uint8Array; sidecar?: DeclaredMeta; charset?: string | null }, codeFingerprint = ''): string {
  const h = createHash('sha256');
  h.update(`${INGEST_VERSION}\0${codeFingerprint}\0${POLICY_KEY}\0${job.id}\0${JSON.stringify(job.sidecar ?? null)}\0${job.charset ?? ''}\0`);
  h.update(job.bytes);
  return h.digest('hex');
}
