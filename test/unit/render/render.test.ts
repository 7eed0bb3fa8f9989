import { beforeAll, describe, expect, it } from 'vitest';
import { listFixtures } from '../../../src/render/fixtures.ts';
import { createRenderer, type Renderer, type RenderResult } from '../../../src/render/renderer.ts';
import { count, fixtureWith, LINKS, TEMPLATES_DIR, UNSUBSCRIBE_URL } from './helpers.ts';

type Ok = Extract<RenderResult, { ok: true }>;
function ok(result: RenderResult): Ok {
  if (!result.ok) throw new Error(`render failed: ${result.error.file}:${result.error.line}: ${result.error.message}`);
  return result;
}

const meeting = (title: string, startIso: string, endIso: string) => ({
  title,
  start: new Date(startIso),
  end: new Date(endIso),
  allDay: false,
  attendeeCount: 3,
  organizerIsReader: false,
  needsReply: false,
});

describe('render', () => {
  let renderer: Renderer;
  beforeAll(async () => {
    renderer = await createRenderer({ templatesDir: TEMPLATES_DIR });
  });

  it('compiles every locale without errors', () => {
    expect(renderer.errors).toEqual([]);
  });

  it('escapes markup and Handlebars in a meeting title in HTML, and keeps it literal in the text', async () => {
    const title = '<script>alert(1)</script> & {{constructor}}';
    const input = await fixtureWith('light-day', {
      meetings: [meeting(title, '2026-11-24T14:00:00Z', '2026-11-24T15:00:00Z')],
    });
    const out = ok(renderer.render({ ...input, links: LINKS }));
    expect(out.html).not.toContain('<script>');
    expect(out.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; {{constructor}}');
    expect(out.text).toContain(title);
  });

  it('writes Dutch for a Dutch recipient, with lang="nl"', async () => {
    const input = await fixtureWith('dutch-recipient');
    const out = ok(renderer.render({ ...input, links: LINKS }));
    expect(out.html).toContain('<html lang="nl"');
    expect(out.html).toContain('Goedemorgen Ada');
    expect(out.html).toContain('Vergaderingen');
    expect(out.html).toContain('Afmelden');
    expect(out.text).toContain('Voorgestelde focustijd');
    expect(out.subject).toBe('Je Briefing voor dinsdag 24 november');
    expect(out.preheader).toBe('4 vergaderingen · 2 taken · 1 opvolgpunt · 2 u focustijd');
    expect(out.html).not.toContain('Good morning');
  });

  it('uses English and lang="en" for an English recipient, with plural forms', async () => {
    const input = await fixtureWith('light-day');
    const out = ok(renderer.render({ ...input, links: LINKS }));
    expect(out.html).toContain('<html lang="en"');
    expect(out.subject).toBe('Your Briefing for Tuesday 24 November');
    expect(out.preheader).toBe('1 meeting · 1 task · 3 h of focus time');
    expect(out.html).toContain('Good morning, Grace');
  });

  it('lets the caller override the locale', async () => {
    const input = await fixtureWith('light-day');
    const out = ok(renderer.render({ ...input, links: LINKS, locale: 'nl' }));
    expect(out.html).toContain('<html lang="nl"');
    expect(out.preheader).toBe('1 vergadering · 1 taak · 3 u focustijd');
  });

  it.each([
    ['Europe/Amsterdam', '09:00–10:00'],
    ['Asia/Kolkata', '13:30–14:30'],
  ])('shows a meeting at 08:00Z in %s as %s', async (timeZone, expected) => {
    const [start, end] = expected.split('–');
    const input = await fixtureWith('light-day', {
      recipient: { timeZone },
      day: { timeZone },
      meetings: [meeting('Sync', '2026-11-24T08:00:00Z', '2026-11-24T09:00:00Z')],
    });
    const out = ok(renderer.render({ ...input, links: LINKS }));
    // The HTML stacks start over end (no nowrap cell per row); the text part keeps the range.
    expect(out.html).toMatch(new RegExp(`>${start}<div[^>]*>${end}</div>`));
    expect(out.text).toContain(`${expected}  Sync`);
  });

  it('puts the unsubscribe URL exactly once in each part, in the footer', async () => {
    const input = await fixtureWith('busy-day');
    const out = ok(renderer.render({ ...input, links: LINKS }));
    const escaped = UNSUBSCRIBE_URL.replaceAll('&', '&amp;').replaceAll('=', '&#x3D;');
    expect(count(out.html, `href="${escaped}"`)).toBe(1);
    expect(out.html.indexOf(escaped)).toBeGreaterThan(out.html.indexOf('Tasks'));
    expect(out.html).toMatch(/>Unsubscribe<\/a>/);
    expect(count(out.text, UNSUBSCRIBE_URL)).toBe(1);
    expect(out.text.trimEnd().endsWith(`Unsubscribe: ${UNSUBSCRIBE_URL}`)).toBe(true);
  });

  it('keeps the busy day well under Gmail\'s 102 KB clip', async () => {
    const input = await fixtureWith('busy-day');
    const out = ok(renderer.render({ ...input, links: LINKS }));
    const bytes = Buffer.byteLength(out.html, 'utf8');
    console.info(`busy-day HTML: ${bytes} bytes`);
    expect(input.day.meetings.length).toBeGreaterThanOrEqual(20);
    expect(bytes).toBeLessThan(102 * 1024);
  });

  it('renders every fixture in both parts with its subject and preheader', async () => {
    for (const name of await listFixtures(TEMPLATES_DIR)) {
      const input = await fixtureWith(name);
      const out = ok(renderer.render({ ...input, links: LINKS }));
      expect(out.html).toContain(out.preheader.replaceAll('&', '&amp;'));
      expect(out.text).toContain(out.preheader);
      expect(out.subject.length).toBeGreaterThan(10);
    }
  });

  it('labels all-day events and marks overdue tasks', async () => {
    const input = await fixtureWith('busy-day');
    const out = ok(renderer.render({ ...input, links: LINKS }));
    expect(out.text).toContain('- All day  Company offsite (day 2)');
    expect(out.text).toContain('- Send the board memo (Overdue · was due 20 Nov)');
    expect(out.html).toContain('Overdue · was due 20 Nov');
  });

  it('never turns a javascript: URL into a link', async () => {
    const input = await fixtureWith('light-day', {
      day: { tasks: [{ title: 'Click me', overdue: false, url: 'javascript:alert(1)' }] },
    });
    const out = ok(renderer.render({ ...input, links: LINKS }));
    expect(out.html).not.toContain('javascript:');
    expect(out.text).not.toContain('javascript:');
  });
});
