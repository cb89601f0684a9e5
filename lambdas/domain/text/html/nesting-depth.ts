/**
 * How deeply an HTML page nests its elements, measured before the page becomes a DOM.
 * linkedom's parser, Readability and the block walk all slow down (or used to overflow the
 * call stack) as nesting grows, and a hostile page nests thousands of levels in a few
 * kilobytes (issue #26). This is a streaming count over htmlparser2's tokenizer, with no
 * tree built, that stops at the first element past the limit: linear in the page.
 *
 * The count must never be lower than the depth linkedom builds, or a crafted page would slip
 * past it. linkedom parses with its own copy of htmlparser2 (v10), whose tree rules differ
 * from the project's v12 (v12 ignores a nested <form>, closes an open <a> or heading, reads
 * <image> as <img>, keeps <iframe>, <noembed>, <noframes> and <plaintext> content as text,
 * ends a comment at `--!>`, reads raw text after a self-closed <script/>). So only the tokenizer is borrowed from v12, the few tokenizer
 * differences are neutralised in the text scanned, and the tree rules below are those of
 * linkedom's parser: implied end tags, void elements, self-closing tags only inside SVG and
 * MathML. test/unit/text/deep-html.test.ts checks the count against linkedom's own tree.
 */
import { Tokenizer } from 'htmlparser2';

const P = new Set(['p']);
const FORM_CONTROLS = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const TABLE_SECTIONS = new Set(['thead', 'tbody']);
const DD_DT = new Set(['dd', 'dt']);
const RT_RP = new Set(['rt', 'rp']);
/** An opening tag closes these when they are the innermost open element (linkedom's parser). */
const IMPLIES_CLOSE = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])], ['th', new Set(['th'])], ['td', new Set(['thead', 'th', 'td'])], ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])], ['option', new Set(['option'])], ['optgroup', new Set(['optgroup', 'option'])], ['dd', DD_DT], ['dt', DD_DT], ['rt', RT_RP], ['rp', RT_RP],
  ['tbody', TABLE_SECTIONS], ['tfoot', TABLE_SECTIONS],
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((t) => [t, FORM_CONTROLS] as [string, Set<string>]),
  ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul'].map((t) => [t, P] as [string, Set<string>]),
]);
const VOID = new Set(['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const FOREIGN = new Set(['math', 'svg']);
const INTEGRATION = new Set(['mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc', 'title']);

/**
 * v12's tokenizer reads these as raw text (no tags inside) and ends a comment at `--!>`;
 * linkedom's parser does neither. Renamed in the scanned copy so both read tags alike.
 */
const V12_ONLY_RAW_TEXT = /<(\/?)(iframe|noembed|noframes|plaintext)(?=[\t\n\f\r />]|$)/gi;
const V12_ONLY_COMMENT_END = /--!>/g;
/**
 * v12 ends a closing tag's name at `/`; linkedom's parser reads `</div/>` as a tag named
 * "div/", which closes nothing (and does not end a <script>). Made a declaration for v12.
 */
const V12_ONLY_NAME_END = /<\/([a-zA-Z][^\t\n\f\r />]*)\//g;

/**
 * The deepest nesting of elements in a page, as linkedom would build its tree (or of the
 * SVG/MathML contexts its parser tracks, when that is deeper).
 * @param html the page source
 * @param limit stop counting once an element sits deeper than this
 * @returns the depth (the <html> element is level 1), or limit + 1 when the page goes past the limit
 */
export function measureNesting(html: string, limit: number): number {
  const source = html.replace(V12_ONLY_RAW_TEXT, '<$1x-$2').replace(V12_ONLY_COMMENT_END, '--!x>').replace(V12_ONLY_NAME_END, '<!$1/');
  const stack: string[] = [];
  /** Whether the innermost svg/math/integration point is foreign (kept apart from the stack, as linkedom's parser does; top last). */
  const foreign: boolean[] = [false];
  let current = '';
  let deepest = 0;
  const none = () => undefined;
  /** An element, void or not, one level inside the innermost open one. */
  const element = () => {
    if (stack.length + 1 > deepest) deepest = stack.length + 1;
    if (deepest > limit) tokenizer.pause();
  };
  const open = (name: string) => {
    current = name;
    const closes = IMPLIES_CLOSE.get(name);
    if (closes) while (stack.length && closes.has(stack[stack.length - 1])) stack.pop();
    element();
    if (VOID.has(name)) return;
    stack.push(name);
    if (FOREIGN.has(name)) foreign.push(true);
    else if (INTEGRATION.has(name)) foreign.push(false);
    // The parser's stack of SVG/MathML contexts only shrinks on closing tags: 700,000
    // self-closed <math/> grow it without nesting any element, and linkedom's parser then
    // takes minutes (it unshifts onto that stack). Counted as nesting too.
    if (foreign.length - 1 > deepest) deepest = foreign.length - 1;
    if (deepest > limit) tokenizer.pause();
  };
  const closeCurrent = () => {
    if (stack[stack.length - 1] === current) stack.pop();
  };
  // recognizeSelfClosing: a self-closed <script/> or <style/> starts no raw text (as in linkedom's parser).
  const tokenizer: Tokenizer = new Tokenizer({ decodeEntities: true, recognizeSelfClosing: true }, {
    onopentagname: (start, end) => open(source.slice(start, end).toLowerCase()),
    onselfclosingtag: () => {
      if (foreign[foreign.length - 1]) closeCurrent();
    },
    onclosetag: (start, end) => {
      const name = source.slice(start, end).toLowerCase();
      if (FOREIGN.has(name) || INTEGRATION.has(name)) foreign.pop();
      if (VOID.has(name)) {
        if (name === 'br') element(); // </br> is read as <br>
        return;
      }
      const at = stack.lastIndexOf(name);
      if (at !== -1) stack.length = at;
      else if (name === 'p') {
        open('p');
        closeCurrent();
      }
    },
    onopentagend: none, onattribdata: none, onattribentity: none, onattribend: none, onattribname: none, oncdata: none, oncomment: none,
    ondeclaration: none, onend: none, onprocessinginstruction: none, ontext: none, ontextentity: none,
  });
  tokenizer.write(source);
  tokenizer.end();
  return Math.min(deepest, limit + 1);
}
