import Handlebars from 'handlebars';
import { beforeAll, describe, expect, it } from 'vitest';
import { HTML_ENTRY, translatedSource } from '../../../src/render/compile-template.ts';
import { listFixtures, loadFixture } from '../../../src/render/fixtures.ts';
import { locales } from '../../../src/render/locales.ts';
import { loadMessages } from '../../../src/render/messages.ts';
import { mjmlToHtml } from '../../../src/render/mjml-to-html.ts';
import { createRenderer, type Renderer } from '../../../src/render/renderer.ts';
import { templateFiles } from '../../../src/render/template-files.ts';
import { buildView } from '../../../src/render/view-model.ts';
import { LINKS, TEMPLATES_DIR } from './helpers.ts';

const fixtures = await listFixtures(TEMPLATES_DIR);

describe('MJML compiled once per locale', () => {
  let renderer: Renderer;
  beforeAll(async () => {
    renderer = await createRenderer({ templatesDir: TEMPLATES_DIR });
  });

  it('has the fixtures the previews and tests rely on', () => {
    expect(fixtures).toEqual(
      expect.arrayContaining(['busy-day', 'light-day', 'tasks-only', 'long-names', 'dutch-recipient']),
    );
  });

  for (const name of fixtures) {
    for (const locale of locales()) {
      it(`renders ${name} in ${locale} exactly as filling Handlebars first and compiling MJML per email`, async () => {
        const { recipient, day } = await loadFixture(name, TEMPLATES_DIR);
        const cached = renderer.render({ recipient, day, links: LINKS, locale });
        if (!cached.ok) throw new Error(cached.error.message);

        const read = templateFiles(TEMPLATES_DIR);
        const loaded = await loadMessages(read, locale);
        if (!loaded.ok) throw new Error(loaded.error.message);
        const source = await translatedSource(read, HTML_ENTRY, loaded.messages, locale, 'html');
        if (Array.isArray(source)) throw new Error(source[0]!.message);
        const view = buildView({ recipient, day, links: LINKS, locale, messages: loaded.messages });
        const filled = Handlebars.compile(source.text, { strict: true })(view);
        const perEmail = await mjmlToHtml({ text: filled, origins: [] }, HTML_ENTRY);
        if (!perEmail.ok) throw new Error(perEmail.errors[0]!.message);

        expect(cached.html).toBe(perEmail.html);
      });
    }
  }
});
