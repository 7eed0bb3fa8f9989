import { beforeAll, describe, expect, it } from 'vitest';
import { composeBriefing } from '../../../src/compose/compose-briefing.ts';
import { loadConfig } from '../../../src/config.ts';
import { createRenderer, type Renderer, type RenderResult } from '../../../src/render/renderer.ts';
import { createTokenCodec } from '../../../src/unsubscribe/token.ts';
import { count, fixtureWith, LINKS, TEMPLATES_DIR } from './helpers.ts';

type Ok = Extract<RenderResult, { ok: true }>;
const ok = (r: RenderResult): Ok => {
  if (!r.ok) throw new Error(`${r.error.file}:${r.error.line}: ${r.error.message}`);
  return r;
};
/** The HTML of one card, from its heading to the end of its table. */
const card = (html: string, heading: string) => {
  const start = html.indexOf(`>${heading}</h2>`);
  return start < 0 ? '' : html.slice(start, html.indexOf('</table>', start));
};

describe('the new sections', () => {
  let renderer: Renderer;
  beforeAll(async () => {
    renderer = await createRenderer({ templatesDir: TEMPLATES_DIR });
  });
  const render = async (name: string, locale?: string) => ok(renderer.render({ ...(await fixtureWith(name)), links: LINKS, locale }));

  it('lists invitations not yet answered first, with their organiser, and not again under Meetings', async () => {
    const out = await render('replies-and-conflicts', 'en');
    const awaiting = card(out.html, 'Awaiting your reply');
    expect(awaiting).toContain('Kundentermin Müller GmbH');
    expect(awaiting).toContain('Organiser: Tobias Wagner');
    expect(awaiting).toContain('1:1 mit Jonas');
    expect(out.html.indexOf('Awaiting your reply')).toBeLessThan(out.html.indexOf('>Meetings</h2>'));
    expect(card(out.html, 'Meetings')).not.toContain('Kundentermin');
    expect(count(out.text, 'Kundentermin Müller GmbH')).toBe(1);
  });

  it('leaves "Organiser" out when the reader organises the meeting', async () => {
    const out = await render('replies-and-conflicts', 'en');
    expect(out.text).toContain('- 09:00–10:00  Sprint-Planung');
    expect(out.text).not.toContain('Organiser: Lena Fischer');
    expect(out.text).toContain('Organiser: Karin Schulz');
  });

  it('flags overlapping meetings, a long run without a break and a meeting outside work hours', async () => {
    const out = await render('replies-and-conflicts', 'en');
    // 09:00–10:00 and 09:30–10:30 overlap: both are flagged, wherever each is listed.
    expect(out.text).toMatch(/09:00–10:00 {2}Sprint-Planung\n(?:.*\n)*?  ! Overlaps another meeting · Back to back until 13:00, no break\n/);
    expect(out.text).toMatch(/09:30–10:30 {2}Kundentermin Müller GmbH\n(?:.*\n)*?  ! Overlaps another meeting\n/);
    expect(out.text).toMatch(/07:30–08:30 {2}Frühstück mit dem Vorstand\n(?:.*\n)*?  ! Outside your work hours\n/);
    expect(count(out.html, 'Overlaps another meeting')).toBe(2);
    expect(count(out.text, 'Outside your work hours')).toBe(1);
    // The 15:00 meeting is on its own and inside work hours: no note.
    expect(out.text).toMatch(/15:00–15:30 {2}1:1 mit Jonas\n  Organiser: Jonas Becker · 2 attendees\n\n/);
  });

  it('sums a busy day up in one line and lists the tail in one paragraph, so focus time and tasks come soon', async () => {
    const out = await render('busy-day');
    expect(out.text).toContain('At a glance: First meeting 08:00 · last ends 17:30 · 1 h 30 min free in your work hours\n');
    expect(out.text).toContain('16 more meetings\n- 09:30–10:00  Quarterly planning\n');
    // Compact rows carry no location, join link or attendees.
    const tail = out.text.slice(out.text.indexOf('16 more meetings'), out.text.indexOf('Tasks\n'));
    expect(tail).not.toContain('Join online meeting');
    expect(tail).not.toContain('attendees');
    expect(out.html).toContain('>16 more meetings</div>');
    expect(out.html).toContain('<strong>09:30</strong>&nbsp;Quarterly planning · <strong>10:00</strong>');
  });

  it('counts conflicts in the summary line', async () => {
    const out = await render('replies-and-conflicts', 'de');
    expect(out.text).toContain('Auf einen Blick: Erster Termin 07:30 · letzter endet 15:30 · 3 Std. 30 Min. frei in Ihrer Arbeitszeit · 1 Überschneidung');
  });

  it('offers "Book this time" on the focus card, and Preferences beside Unsubscribe in the footer', async () => {
    const out = await render('light-day');
    const escaped = (url: string) => url.replaceAll('&', '&amp;').replaceAll('=', '&#x3D;');
    expect(out.html).toContain(`href="${escaped(LINKS.focus)}"`);
    expect(out.html).toMatch(/>Book this time<\/a>/);
    expect(out.html).toContain(`href="${escaped(LINKS.preferences)}"`);
    expect(out.html.indexOf('>Preferences</a>')).toBeLessThan(out.html.indexOf('>Unsubscribe</a>'));
    expect(out.text).toContain(`Book this time: ${LINKS.focus}`);
    expect(out.text).toContain(`Preferences: ${LINKS.preferences}`);
    expect(out.html).not.toContain('&#9744;');
  });

  it('declares light and dark support, with dark styles, and keeps the preheader out of white-on-white text', async () => {
    const out = await render('light-day');
    expect(out.html).toContain('<meta name="color-scheme" content="light dark">');
    expect(out.html).toContain('<meta name="supported-color-schemes" content="light dark">');
    expect(out.html).toMatch(/@media \(prefers-color-scheme: ?dark\)\{[^@]*\.bf-card\{background-color:#1e293b!important\}/);
    expect(out.html).toMatch(/\.bf-strong\{color:#f8fafc!important\}/);
    const preheader = /<div style="display:none;[^"]*">1 meeting · 1 task · 3 h of focus time<\/div>/.exec(out.html);
    expect(preheader?.[0]).not.toMatch(/color|font-size:1px/);
  });
});

describe('branding (ORG_NAME, ORG_LOGO_URL, ACCENT_COLOR, PRIVACY_URL)', () => {
  const config = loadConfig({
    ORG_NAME: 'Contoso & Co',
    ORG_LOGO_URL: 'https://cdn.contoso.example/logo.png',
    ACCENT_COLOR: '#7C2D12',
    PRIVACY_URL: 'https://contoso.example/privacy',
    PUBLIC_URL: 'https://briefing.contoso.example',
  });

  it('names the organisation in header and footer, shows its logo and colour, and links its privacy statement', async () => {
    const renderer = await createRenderer({ templatesDir: TEMPLATES_DIR, accentColor: config.branding.accentColor });
    const input = await fixtureWith('light-day');
    const out = composeBriefing({ renderer, tokens: createTokenCodec(config.unsubscribeKeys), settings: config, branding: config.branding }, input);
    if (!out.ok) throw new Error(out.description);
    expect(out.html).toContain('<img src="https://cdn.contoso.example/logo.png" alt="Contoso &amp; Co"');
    expect(out.html).toContain('Contoso &amp; Co sends you this Briefing of your day every workday morning because you work there.');
    expect(out.html).toContain('href="https://contoso.example/privacy"');
    expect(out.html).toContain('background-color:#7c2d12');
    expect(out.html).not.toContain('#1d4ed8');
    expect(out.text).toContain('Privacy statement: https://contoso.example/privacy');
    // Every link carries the same token; the focus link names the block in the reader's zone.
    const token = out.links.unsubscribe.split('/unsubscribe/')[1];
    expect(out.links.preferences).toBe(`https://briefing.contoso.example/preferences/${token}`);
    expect(out.links.focus).toBe(`https://briefing.contoso.example/focus/${token}?date=2026-11-24&start=10:00&end=13:00`);
  });

  it('refuses an accent colour too light for white text, naming the variable and the contrast', () => {
    expect(() => loadConfig({ ACCENT_COLOR: '#ffcc00' })).toThrow(/ACCENT_COLOR="#ffcc00": must be a colour dark enough for white text .*1\.\d:1, it needs 4\.5:1/);
    expect(() => loadConfig({ ACCENT_COLOR: 'blue' })).toThrow(/ACCENT_COLOR="blue": must be a colour as #rrggbb/);
    expect(() => loadConfig({ ORG_LOGO_URL: 'http://contoso.example/logo.png' })).toThrow(/ORG_LOGO_URL=.*https:\/\//);
    expect(() => loadConfig({ PRIVACY_URL: 'javascript:alert(1)' })).toThrow(/PRIVACY_URL=/);
  });
});
