import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTemplates } from '../../../src/render/check-templates.ts';
import { createRenderer } from '../../../src/render/renderer.ts';
import { fixtureWith, LINKS, TEMPLATES_DIR } from './helpers.ts';

const original = (file: string) => readFile(path.join(TEMPLATES_DIR, file), 'utf8');

async function renderWith(overrides: Record<string, string>, locale: 'en' | 'nl' = 'en') {
  const renderer = await createRenderer({ templatesDir: TEMPLATES_DIR, overrides });
  const input = await fixtureWith('light-day');
  return renderer.render({ ...input, links: LINKS, locale });
}

describe('template errors', () => {
  it('passes checkTemplates on the shipped templates', async () => {
    expect(await checkTemplates(TEMPLATES_DIR)).toEqual([]);
  });

  it('reports a translation key missing from a locale as { ok: false } with the file and key', async () => {
    const nl = JSON.parse(await original('locales/nl.json')) as Record<string, unknown>;
    delete nl.tasksHeading;
    const out = await renderWith({ 'locales/nl.json': JSON.stringify(nl) }, 'nl');
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.file).toBe('locales/nl.json');
    expect(out.error.key).toBe('tasksHeading');
    expect(out.error.message).toContain('partials/tasks.mjml:3');
    // The other locale still renders.
    expect((await renderWith({ 'locales/nl.json': JSON.stringify(nl) }, 'en')).ok).toBe(true);
  });

  it('checkTemplates reports keys one locale has and another lacks', async () => {
    const en = JSON.parse(await original('locales/en.json')) as Record<string, unknown>;
    en.onlyInEnglish = 'x';
    const errors = await checkTemplates(TEMPLATES_DIR, { 'locales/en.json': JSON.stringify(en) });
    expect(errors).toContainEqual(expect.objectContaining({ file: 'locales/nl.json', key: 'onlyInEnglish' }));
  });

  it('reports a key missing from one locale once, with the file and line it belongs at and where it is used', async () => {
    const de = (await original('locales/de.json')).split('\n');
    const at = de.findIndex((l) => l.startsWith('  "focusBook"'));
    de.splice(at, 1);
    const errors = await checkTemplates(TEMPLATES_DIR, { 'locales/de.json': de.join('\n') });
    const missing = errors.filter((e) => e.key === 'focusBook');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ file: 'locales/de.json', line: at });
    expect(missing[0]!.message).toMatch(/missing translation "focusBook" \(locales\/en\.json:\d+ has it; add it after "focusBody"; used at partials\/focus\.mjml:\d+, briefing\.txt\.hbs:\d+\)/);
  });

  it('takes a new language from one more JSON file in locales/', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'briefing-locale-'));
    try {
      await cp(TEMPLATES_DIR, dir, { recursive: true });
      const en = JSON.parse(await original('locales/en.json')) as Record<string, unknown>;
      await writeFile(path.join(dir, 'locales/it.json'), JSON.stringify({ ...en, lang: 'it', intl: 'it-IT', greeting: 'Buongiorno, {name}' }));
      expect(await checkTemplates(dir)).toEqual([]);
      const renderer = await createRenderer({ templatesDir: dir });
      const out = renderer.render({ ...(await fixtureWith('light-day')), links: LINKS, locale: 'it' });
      expect(out.ok && out.html).toContain('<html lang="it"');
      expect(out.ok && out.text).toContain('Buongiorno, Grace');
      expect(out.ok && out.subject).toContain('martedì 24 novembre');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    // Compiles every locale twice (the check, then the renderer): MJML is slow on a busy machine.
  }, 120_000);

  it('reports an invalid MJML tag with the partial file and line', async () => {
    const footer = (await original('partials/footer.mjml')).split('\n');
    footer.splice(2, 0, '    <mj-txet>typo</mj-txet>');
    const out = await renderWith({ 'partials/footer.mjml': footer.join('\n') });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error).toMatchObject({ file: 'partials/footer.mjml', line: 3 });
    expect(out.error.message).toContain('mj-txet');
  });

  it('reports a Handlebars syntax error with the partial file and line', async () => {
    const tasks = (await original('partials/tasks.mjml')).split('\n');
    tasks.splice(5, 0, '      {{#each tasks}}');
    const out = await renderWith({ 'partials/tasks.mjml': tasks.join('\n') });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.file).toBe('partials/tasks.mjml');
    expect(out.error.line).toBeGreaterThanOrEqual(4);
    expect(out.error.message).toMatch(/Handlebars/);
  });

  it('reports a Handlebars syntax error in the text template with its line', async () => {
    const text = (await original('briefing.txt.hbs')).split('\n');
    text.splice(1, 0, '{{dateLabel');
    const out = await renderWith({ 'briefing.txt.hbs': text.join('\n') });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error).toMatchObject({ file: 'briefing.txt.hbs', line: 2 });
  });
});
