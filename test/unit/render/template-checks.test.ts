import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTemplates } from '../../../src/render/check-templates.ts';
import { formatTemplateError } from '../../../src/render/template-error.ts';
import { TEMPLATES_DIR } from './helpers.ts';

const original = (file: string) => readFile(path.join(TEMPLATES_DIR, file), 'utf8');

/** `file:line: problem` for the templates with some files changed, as check-templates prints them. */
async function problemsWith(changes: Record<string, (text: string) => string>): Promise<string[]> {
  const overrides: Record<string, string> = {};
  for (const [file, change] of Object.entries(changes)) {
    const before = await original(file);
    overrides[file] = change(before);
    expect(overrides[file], `the change to ${file} must change it`).not.toBe(before);
  }
  return (await checkTemplates(TEMPLATES_DIR, overrides)).map(formatTemplateError);
}

// partials/tasks.mjml: <mj-text> on line 1, its </mj-text> on line 24; the task's <span> on 10, its <td> on 6.
describe('the template check catches what MJML forgives', () => {
  it('a closing tag with the wrong name, which MJML 5 drops without a word', async () => {
    expect(await problemsWith({ 'partials/tasks.mjml': (t) => t.replace('</mj-text>', '</mj-txet>') })).toEqual([
      'partials/tasks.mjml:24: </mj-txet> should be </mj-text>: it closes the <mj-text> opened on line 1',
    ]);
  });

  it('a tag missing its ">", which MJML reads as attributes of the next tag', async () => {
    expect(await problemsWith({ 'partials/tasks.mjml': (t) => t.replace('<mj-text>', '<mj-text') })).toEqual([
      'partials/tasks.mjml:1: <mj-text is missing its ">": the next tag starts on line 2',
    ]);
    expect(await problemsWith({ 'partials/tasks.mjml': (t) => t.replace('<tr>', '<tr') })).toEqual([
      'partials/tasks.mjml:3: <tr is missing its ">" before the next tag',
    ]);
  });

  it('HTML left open or closed twice inside mj-text, which reaches the mail client as it is', async () => {
    const unclosed = (t: string) => t.replace('<span class="bf-strong">{{title}}</span>', '<span class="bf-strong">{{title}}');
    expect(await problemsWith({ 'partials/tasks.mjml': unclosed })).toEqual(['partials/tasks.mjml:10: <span> is not closed before </td> (line 19)']);
    expect(await problemsWith({ 'partials/tasks.mjml': (t) => t.replace('</h2>', '</h2></div>') })).toEqual([
      'partials/tasks.mjml:3: </div> closes nothing: no <div> is open (the open element is <td>, line 3)',
    ]);
    expect(await problemsWith({ 'partials/tasks.mjml': (t) => t.replace('</mj-text>', '') })).toEqual([
      'partials/tasks.mjml:1: <mj-text> is not closed before </mj-column> (briefing.mjml:44)',
    ]);
  });

  it('an unknown mj- element as one problem with a suggestion, not one per HTML element inside it', async () => {
    const renamed = (t: string) => t.replace('<mj-text>', '<mj-txt>').replace('</mj-text>', '</mj-txt>');
    expect(await problemsWith({ 'partials/tasks.mjml': renamed })).toEqual(['partials/tasks.mjml:1: unknown MJML element <mj-txt> (did you mean <mj-text>?)']);
  });

  it('an attribute the element does not take, with the one it probably meant', async () => {
    expect(await problemsWith({ 'partials/tasks.mjml': (t) => t.replace('<mj-text>', '<mj-text colour="#111827">') })).toEqual([
      'partials/tasks.mjml:1: <mj-text> has no attribute "colour" (did you mean "color"?)',
    ]);
  });

  it('Handlebars helpers and partials that do not exist, which fail only when the first email renders', async () => {
    expect(
      await problemsWith({
        'partials/tasks.mjml': (t) => t.replace('{{~#if url~}}', '{{~#iff url~}}').replace('{{~/if~}}', '{{~/iff~}}').replace('{{title}}</span>', '{{> badge}}</span>'),
        'briefing.txt.hbs': (t) => t.replace('{{greeting}}', '{{upper greeting}}'),
      }),
    ).toEqual([
      'partials/tasks.mjml:7: unknown Handlebars helper "iff" (did you mean "if"?): the helpers are if, unless, each, with',
      'partials/tasks.mjml:10: Handlebars partial "badge" does not exist: no partials are registered (share MJML with <mj-include path="…" />)',
      'briefing.txt.hbs:1: unknown Handlebars helper "upper": the helpers are if, unless, each, with',
    ]);
  });

  it('takes no comment, quoted ">", Handlebars expression or CSS for a tag', async () => {
    // Outlook's ghost tables open in one conditional comment and close in another.
    const tricky = (t: string) =>
      t.replace(
        '<mj-text>',
        '<mj-text>\n  <!--[if mso]><table><tr><td><![endif]--><span title="a <b> c">{{#if (lookup this "<i>")}}x{{/if}}</span><br><!--[if mso]></td></tr></table><![endif]-->',
      );
    const styled = (t: string) => t.replace('</mj-attributes>', '</mj-attributes>\n    <mj-style>.card > td { color: red } a[href^="<"] { color: blue }</mj-style>');
    expect(await problemsWith({ 'partials/tasks.mjml': tricky, 'briefing.mjml': styled })).toEqual([]);
  });

  it('every problem of every file at once', async () => {
    const problems = await problemsWith({
      'partials/tasks.mjml': (t) => t.replace('</mj-text>', '</mj-txet>'),
      'partials/footer.mjml': (t) => t.replace(/<mj-text/, '<mj-text colour="red"'),
      'briefing.txt.hbs': (t) => t.replace('{{greeting}}', '{{upper greeting}}'),
    });
    expect(problems).toEqual([
      'partials/footer.mjml:1: <mj-text> has no attribute "colour" (did you mean "color"?)',
      'partials/tasks.mjml:24: </mj-txet> should be </mj-text>: it closes the <mj-text> opened on line 1',
      'briefing.txt.hbs:1: unknown Handlebars helper "upper": the helpers are if, unless, each, with',
    ]);
  });
});
