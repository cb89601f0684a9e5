/**
 * themes.yaml parsing and schema validation: turns the file's text into Theme objects, or
 * fails with `themes.yaml line N: ...` naming the field and the fix.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import type { Theme } from '../types.ts';
import { ThemesFileError } from '../../errors.ts';
import { defaultWindow, parseWindow } from '../stream/window.ts';

/** Default number of excerpts per issue. */
export const DEFAULT_MAX_EXCERPTS = 5;
const KNOWN_KEYS = new Set(['id', 'title', 'description', 'keywords', 'schedule', 'timezone', 'maxExcerpts', 'minExcerpts', 'maxPerSource', 'paused', 'requireApproval', 'archive', 'tracking', 'window']);
export const DEFAULT_MIN_EXCERPTS = 3;
export const DEFAULT_MAX_PER_SOURCE = 2;
const ID = /^[a-z0-9-]+$/;
const SCHEDULE = /^(cron\(\S+ \S+ \S+ \S+ \S+ \S+\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\)|at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\))$/;

/** Whether an IANA time zone name is known to this runtime. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses and validates themes.yaml.
 * @param yamlText the file's content
 * @param fileName shown in error messages (e.g. "themes.yaml")
 * @throws ThemesFileError with the line of the first problem
 */
export function parseThemes(yamlText: string, fileName: string): Theme[] {
  const lines = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineOf = (node: Node | null | undefined): number | undefined => (node?.range ? lines.linePos(node.range[0]).line : undefined);
  const fail = (msg: string, node?: Node | null): never => {
    throw new ThemesFileError(fileName, msg, lineOf(node));
  };
  if (doc.errors.length) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line;
    throw new ThemesFileError(fileName, `invalid YAML: ${e.message.split('\n')[0]}`, line);
  }
  const root = doc.contents;
  if (!isMap(root)) return fail("expected a mapping with a 'themes' list", root);
  const list = root.get('themes', true);
  if (!isSeq(list)) return fail("expected 'themes:' followed by a list of themes", (list as Node) ?? root);
  if (list.items.length === 0) return fail('the themes list is empty; add at least one theme', list);
  const seen = new Set<string>();
  const themes: Theme[] = [];
  for (const item of list.items) {
    if (!isMap(item)) return fail('each theme must be a mapping with id, title, description and keywords', item as Node);
    themes.push(parseTheme(item, fail, seen));
  }
  return themes;
}

function parseTheme(item: YAMLMap, fail: (msg: string, node?: Node | null) => never, seen: Set<string>): Theme {
  for (const pair of item.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!KNOWN_KEYS.has(key)) fail(`unknown field '${key}'; allowed: ${[...KNOWN_KEYS].join(', ')}`, pair.key as Node);
  }
  const node = (k: string) => item.get(k, true) as Node | undefined;
  const str = (k: string, required: boolean): string | undefined => {
    const n = node(k);
    if (n === undefined || (isScalar(n) && (n.value === null || n.value === ''))) {
      if (required) fail(`theme is missing '${k}'`, item);
      return undefined;
    }
    if (!isScalar(n) || typeof n.value !== 'string') return fail(`'${k}' must be text`, n);
    return n.value.trim();
  };
  const id = str('id', true)!;
  if (!ID.test(id)) fail(`id '${id}' may use only a-z, 0-9 and '-'`, node('id'));
  if (seen.has(id)) fail(`duplicate theme id '${id}'`, node('id'));
  seen.add(id);
  const title = str('title', true)!;
  const description = str('description', false) ?? '';
  const kwNode = node('keywords');
  let keywords: string[] = [];
  if (kwNode !== undefined) {
    if (!isSeq(kwNode)) fail("'keywords' must be a list, e.g. [junior partner, dependence]", kwNode);
    keywords = (kwNode as { items: unknown[] }).items.map((k) => {
      if (!isScalar(k) || (typeof k.value !== 'string' && typeof k.value !== 'number')) return fail("each keyword must be text", k as Node);
      return String(k.value).trim();
    }).filter(Boolean);
  }
  if (!description && keywords.length === 0) fail(`theme '${id}' needs a description or keywords to match passages`, item);
  const schedule = str('schedule', false);
  if (schedule && !SCHEDULE.test(schedule)) fail(`schedule '${schedule}' is not an EventBridge expression like cron(0 7 ? * MON *) or rate(1 day)`, node('schedule'));
  const timezone = str('timezone', false) ?? 'UTC';
  if (!isTimeZone(timezone)) fail(`unknown timezone '${timezone}'; use an IANA name such as Europe/London`, node('timezone'));
  const count = (key: string, dflt: number): number => {
    const n = node(key);
    if (n === undefined) return dflt;
    const v = isScalar(n) ? n.value : undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 20) fail(`'${key}' must be a whole number from 1 to 20`, n);
    return v as number;
  };
  const maxExcerpts = count('maxExcerpts', DEFAULT_MAX_EXCERPTS);
  const minExcerpts = count('minExcerpts', Math.min(DEFAULT_MIN_EXCERPTS, maxExcerpts));
  if (minExcerpts > maxExcerpts) fail(`'minExcerpts' (${minExcerpts}) must not exceed 'maxExcerpts' (${maxExcerpts})`, node('minExcerpts'));
  const maxPerSource = count('maxPerSource', DEFAULT_MAX_PER_SOURCE);
  const flag = (key: string, dflt: boolean): boolean => {
    const n = node(key);
    if (n === undefined) return dflt;
    const v = isScalar(n) ? n.value : undefined;
    if (typeof v !== 'boolean') fail(`'${key}' must be true or false`, n);
    return v as boolean;
  };
  const paused = flag('paused', false);
  const requireApproval = flag('requireApproval', false);
  const archive = flag('archive', true);
  const tracking = (str('tracking', false) ?? 'none') as Theme['tracking'];
  if (!['none', 'opens', 'clicks'].includes(tracking!)) fail("'tracking' must be none, opens or clicks", node('tracking'));
  const window = themeWindow(str('window', false), schedule, timezone, (msg) => fail(msg, node('window')));
  return { id, title, description, keywords, schedule, timezone, maxExcerpts, minExcerpts, maxPerSource, paused, requireApproval, archive, tracking, window };
}

/** The theme's window as written, or its schedule's default (see domain/stream/window.ts). */
function themeWindow(raw: string | undefined, schedule: string | undefined, timezone: string, fail: (msg: string) => never): Theme['window'] {
  if (raw === undefined) return defaultWindow(schedule, timezone);
  const parsed = parseWindow(raw);
  return 'error' in parsed ? fail(parsed.error) : parsed;
}
