/**
 * Boilerplate rules: pure tests that recognise what is not the article (share and permalink
 * lines, comment forms, view counters, navigation and cookie lines, photo credits, datelines,
 * publication notes) and headings that open a trailing comments or "latest content" section.
 * Each rule has a name that the ingest report shows as the reason a block was dropped.
 */
import { wordCount } from './normalize.ts';

interface LineRule {
  reason: string;
  maxWords: number;
  test: RegExp;
}

const LINE_RULES: LineRule[] = [
  { reason: 'share/permalink line', maxWords: 8, test: /^(bookmark the permalink|permalink|share( this( article| post| story)?)?( on [\w ]+)?|tweet( this)?|email( this)?( article)?|print( this)?( article| page)?|copy link|share via [\w ,]+|click to share.*)\.?:?$/i },
  { reason: 'comments notice', maxWords: 8, test: /^(comments are closed|comments (are )?disabled|(\d+|no) (comments?|responses?|replies)|be the first to comment|view comments|show comments)\.?$/i },
  { reason: 'comment form', maxWords: 25, test: /^(leave a (reply|comment)|submit a comment|post (a )?comment|add (a|your) comment|cancel reply|your email address will not be published.*|required fields are marked.*|(your )?(name|e-?mail|website|comment|message)\s*\*?:?|save my name, e-?mail.*|notify me of (new|follow-up).*|you must be logged in to post a comment.*)$/i },
  { reason: 'view counter', maxWords: 4, test: /^([\d,.]+\s*k?\s*(views?|reads?|shares?|likes?|hits)|(views?|reads?|hits)\s*:?\s*[\d,.]+k?)$/i },
  { reason: 'navigation line', maxWords: 5, test: /^(home|news|menu|search|skip to (main )?content|subscribe( now)?|sign in|log ?in|sign up|register|loading(\.\.\.)?|advertisement|sponsored( content)?|close|back to top|next|previous|(next|previous) (article|post|story)|read more|continue reading|more|related|related (articles|posts|stories|content)|you may also like|most (read|popular|viewed)|trending( now)?|latest( content| news| posts| articles| publications| stories)?|recent (posts|articles)|top stories|categories|tags|archives|follow us|share|print)\.?:?$/i },
  { reason: 'filed-under/tags line', maxWords: 40, test: /^(filed under|tagged( with)?|posted in|categories|tags|topics)\s*:/i },
  { reason: 'publication note', maxWords: 30, test: /^(this (article|piece|post|story|op-ed|commentary) (was|is|has been) (originally |first )?(published|posted|written|produced)|originally published (in|at|on)|first published (in|at|on)|republished (from|with)|all rights reserved|©|copyright\b)/i },
  { reason: 'cookie notice', maxWords: 45, test: /^(?=.*\bcookies?\b)(?=.*\b(we use|accept|consent|policy|settings|preferences)\b).*/i },
];

/** Every reason a line rule gives, in the order the rules are tried. */
export const BOILERPLATE_REASONS: readonly string[] = [...LINE_RULES.map((r) => r.reason), 'dateline/category line', 'photo credit'];

/**
 * Returns the reason a block is boilerplate, or null when it may be article text.
 * @param text normalised block text
 * @param off reasons whose rules do not run (the extraction policy's choice for HTML pages)
 */
export function boilerplateReason(text: string, off: ReadonlySet<string> = NONE): string | null {
  const words = wordCount(text);
  for (const rule of LINE_RULES) {
    if (!off.has(rule.reason) && words <= rule.maxWords && rule.test.test(text)) return rule.reason;
  }
  if (!off.has('dateline/category line') && isDateline(text)) return 'dateline/category line';
  if (!off.has('photo credit') && isCreditLine(text)) return 'photo credit';
  return null;
}

const NONE: ReadonlySet<string> = new Set();

const CREDIT_AGENCIES = /\b(getty images|shutterstock|reuters|afp|associated press|ap photo|epa|alamy|istock(photo)?|xinhua|tass|sputnik|wikimedia commons|unsplash)\b/i;

/** A photo credit: "AP/Scanpix", "Photo: Jane Doe", "Getty Images". */
export function isCreditLine(text: string): boolean {
  const words = wordCount(text);
  if (words === 0 || words > 6 || /[.!?]$/.test(text)) return false;
  if (/^(photo|image|picture|credit|illustration|photograph|pictured)s?\s*(:|by\b|credit\b)/i.test(text)) return true;
  if (/^[\p{Lu}][\p{L}.&'-]*( [\p{Lu}][\p{L}.&'-]*)?( ?\/ ?[\p{Lu}][\p{L}.&'-]*( [\p{Lu}][\p{L}.&'-]*)?)+$/u.test(text)) return true;
  return CREDIT_AGENCIES.test(text) && words <= 4;
}

/** A short line of `|`-separated fields at least one of which is a date: "2023/01/29 | Economy, Note". */
export function isDateline(text: string): boolean {
  if (!text.includes('|') || wordCount(text) > 14) return false;
  return text.split('|').some((f) => /\b(\d{4}[/.-]\d{1,2}[/.-]\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|(19|20)\d{2})\b/.test(f));
}

const TRAILING_SECTION = /^((\d+|no) comments?|comments|leave a (reply|comment)|submit a comment|join the (discussion|conversation)|(\d+ )?(responses?|replies|thoughts) (to|on) .*|discussion|reader comments)\.?:?$/i;
const SIDEBAR_SECTION = /^(latest( content| news| posts| articles| publications| stories)|related (articles|posts|stories|content|reading)|you may also like|more (from|in|on) .{1,40}|recent (posts|articles)|most (read|popular|viewed)|read (more|next)|also read|recommended( for you)?|popular posts|editor'?s picks)\.?:?$/i;

/**
 * Whether a block opens a section that is not the article and runs to the end of the page:
 * the comments (with their form) or a "latest content" sidebar.
 */
export function opensTrailingSection(text: string): 'comments' | 'sidebar' | null {
  if (wordCount(text) > 10) return null;
  if (TRAILING_SECTION.test(text)) return 'comments';
  if (SIDEBAR_SECTION.test(text)) return 'sidebar';
  return null;
}
