import { closestName, didYouMean } from '../closest-name.ts';
import { lineIndex } from '../line-index.ts';
import type { MjmlElements } from './mjml-to-html.ts';
import type { TemplateError } from './template-error.ts';
import { originOf, type AssembledSource } from './template-source.ts';

/**
 * What MJML forgives and we must not: MJML 5 drops an element closed by the wrong tag
 * (`</mj-txet>`) without a word, reads a tag missing its `>` as attributes of the next one,
 * and leaves unbalanced HTML inside mj-text to the mail client. This reads the template's
 * tags itself, with every line's file and number, and reports each of those, every unknown
 * mj- element and every attribute MJML does not take (with "did you mean").
 */
export function checkMarkup(source: AssembledSource, entry: string, elements: MjmlElements): TemplateError[] {
  const text = blankOut(source.text);
  const lineOf = lineIndex(text);
  const problems: TemplateError[] = [];
  const at = (offset: number, message: string) => {
    const origin = originOf(source, lineOf(offset));
    problems.push({ file: origin?.file ?? entry, line: origin?.line, message });
  };
  const where = (offset: number, from: number) => {
    const origin = originOf(source, lineOf(offset));
    const here = originOf(source, lineOf(from));
    if (!origin) return '';
    return origin.file === here?.file ? `line ${origin.line}` : `${origin.file}:${origin.line}`;
  };
  const mjNames = [...Object.keys(elements), ...MJML_STRUCTURE];
  const open: { name: string; offset: number }[] = [];

  for (let i = text.indexOf('<'); i !== -1; i = text.indexOf('<', i + 1)) {
    const tag = readTag(text, i);
    if (!tag) continue; // a "<" that starts no tag ("a < b")
    const start = i;
    // Go on after the tag: at the "<" that ended it when its ">" is missing.
    i = tag.end - 1;
    if (!tag.complete) {
      const next = tag.end >= text.length ? ': the template ends first' : lineOf(tag.end) === lineOf(start) ? ' before the next tag' : `: the next tag starts on ${where(tag.end, start)}`;
      at(start, `<${tag.closing ? '/' : ''}${tag.name} is missing its ">"${next}`);
    }
    const name = tag.name.toLowerCase();
    if (tag.closing) {
      if (VOID_HTML.has(name)) continue;
      const depth = open.map((o) => o.name).lastIndexOf(name);
      if (depth === -1) {
        const top = open.at(-1);
        if (top && closestName(name, [top.name])) {
          // A typo of the element that is open: take it as closing that one.
          at(start, `</${tag.name}> should be </${top.name}>: it closes the <${top.name}> opened on ${where(top.offset, start)}`);
          open.pop();
        } else {
          at(start, `</${tag.name}> closes nothing: no <${tag.name}> is open${top ? ` (the open element is <${top.name}>, ${where(top.offset, start)})` : ''}`);
        }
        continue;
      }
      for (const unclosed of open.splice(depth).slice(1).reverse()) {
        at(unclosed.offset, `<${unclosed.name}> is not closed before </${tag.name}> (${where(start, unclosed.offset)})`);
      }
    } else {
      const isMjml = name === 'mjml' || name.startsWith('mj-');
      if (isMjml && !mjNames.includes(name)) at(start, `unknown MJML element <${tag.name}>${didYouMean(name, mjNames).replace(/"([^"]+)"/, '<$1>')}`);
      const component = elements[name];
      if (component && open.some((o) => o.name === 'mj-body')) {
        const allowed = [...component.attributes, ...ANY_ELEMENT_ATTRIBUTES];
        for (const attribute of tag.attributes) {
          if (!allowed.includes(attribute)) at(start, `<${name}> has no attribute "${attribute}"${didYouMean(attribute, allowed)}`);
        }
      }
      if (!tag.selfClosing && !VOID_HTML.has(name)) open.push({ name, offset: start });
      if (RAW_TEXT.has(name) && !tag.selfClosing) {
        // CSS is not markup: go on at this element's closing tag.
        const close = text.toLowerCase().indexOf(`</${name}`, tag.end);
        if (close !== -1) i = close - 1;
      }
    }
  }
  for (const unclosed of open.reverse()) at(unclosed.offset, `<${unclosed.name}> is never closed`);
  return problems.sort((a, b) => (a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) : a.file < b.file ? -1 : 1));
}

/** HTML elements that have no closing tag. */
const VOID_HTML = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Elements MJML's parser handles itself, which are not registered components. */
const MJML_STRUCTURE = ['mjml', 'mj-include', 'mj-all', 'mj-class', 'mj-selector', 'mj-html-attribute'];
/** MJML's validator takes these on every element (mjml-validator's WHITELIST). */
const ANY_ELEMENT_ATTRIBUTES = ['mj-class', 'css-class'];
/** Elements whose content is not markup. */
const RAW_TEXT = new Set(['mj-style', 'style', 'script']);

interface Tag {
  readonly name: string;
  readonly closing: boolean;
  readonly selfClosing: boolean;
  readonly attributes: readonly string[];
  /** False when the tag ends without its ">" (the next tag or the end of the text comes first). */
  readonly complete: boolean;
  /** Offset just after the tag (after ">", or where the next "<" starts). */
  readonly end: number;
}

function readTag(text: string, start: number): Tag | undefined {
  const head = /^<(\/?)([A-Za-z][\w:.-]*)/.exec(text.slice(start, start + 200));
  if (!head) return undefined;
  const closing = head[1] === '/';
  const attributes: string[] = [];
  let i = start + head[0].length;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length || text[i] === '<') return { name: head[2]!, closing, selfClosing: false, attributes, complete: false, end: i };
    if (text[i] === '>') return { name: head[2]!, closing, selfClosing: false, attributes, complete: true, end: i + 1 };
    if (text.startsWith('/>', i)) return { name: head[2]!, closing, selfClosing: true, attributes, complete: true, end: i + 2 };
    const attribute = /^[^\s=>/<"']+/.exec(text.slice(i, i + 200))?.[0] ?? text[i]!;
    attributes.push(attribute);
    i += attribute.length;
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text[i] !== '=') continue;
    i++;
    while (i < text.length && /\s/.test(text[i]!)) i++;
    const quote = text[i];
    if (quote === '"' || quote === "'") {
      const close = text.indexOf(quote, i + 1);
      i = close === -1 ? text.length : close + 1;
    } else {
      while (i < text.length && !/[\s>]/.test(text[i]!)) i++;
    }
  }
}

/**
 * Handlebars expressions and comments become spaces (newlines kept, so offsets and lines
 * stay put): `{{#if (gt a b)}}` and `<!--[if mso]>` are not tags.
 */
function blankOut(text: string): string {
  const blank = (match: string) => match.replace(/[^\n]/g, ' ');
  return text.replace(/\{\{!--[\s\S]*?--\}\}|\{\{[\s\S]*?\}\}/g, blank).replace(/<!--[\s\S]*?(-->|$)/g, blank);
}
