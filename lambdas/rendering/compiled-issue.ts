/** The shape of a compiled issue: what compileIssue makes once and personalize fills per recipient. */

export interface CompiledIssue {
  subject: string;
  preheader: string;
  /** Compiled HTML with recipient placeholders. */
  html: string;
  /** Plain-text part with the same placeholders. */
  text: string;
  /** The filled MJML the HTML was compiled from (for `render --format mjml`). */
  mjml: string;
  placeholders: { unsubscribe: string; preferences: string };
}
