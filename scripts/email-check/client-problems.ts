import { readFile } from 'node:fs/promises';
import { doIUseEmail } from '@jsx-email/doiuse-email';
import Handlebars from 'handlebars';
import mjml2html from 'mjml';
import { listFixtures, loadFixture } from '../../src/render/fixtures.ts';
import { catalog } from '../../src/render/locales.ts';
import { createRenderer } from '../../src/render/renderer.ts';
import { buildView, type BriefingLinks } from '../../src/render/view-model.ts';
import { TEMPLATES_DIR } from '../../src/paths.ts';

/** The client families the issue names, as caniemail's data calls their clients. */
export const FAMILIES = { Gmail: 'gmail', Outlook: 'outlook', 'Apple Mail': 'apple-mail', Yahoo: 'yahoo' } as const;
export type Family = keyof typeof FAMILIES;

export interface FixtureProblems {
  readonly fixture: string;
  readonly ours: Record<Family, number>;
  readonly plain: Record<Family, number>;
  /** Our errors, for reading: "`border-radius` is not supported by `outlook.windows`". */
  readonly errors: readonly string[];
}

const LINKS: BriefingLinks = {
  unsubscribe: 'https://briefing.example.com/unsubscribe/k1.AbC-123_xyz',
  preferences: 'https://briefing.example.com/preferences/k1.AbC-123_xyz',
  focus: 'https://briefing.example.com/focus/k1.AbC-123_xyz?date=2026-11-24&start=13:00&end=15:00',
};

const CLIENTS = Object.values(FAMILIES).map((f) => `${f}.*`);

/** caniemail's errors for one HTML email (offline: the data ships inside the package), per family. */
export function clientErrors(html: string): { perFamily: Record<Family, number>; errors: string[] } {
  const result = doIUseEmail(html, { emailClients: CLIENTS });
  const errors = 'errors' in result ? result.errors : [];
  const perFamily = Object.fromEntries(
    Object.entries(FAMILIES).map(([family, id]) => [family, errors.filter((e) => e.includes(`\`${id}.`)).length]),
  ) as Record<Family, number>;
  return { perFamily, errors };
}

/** Every fixture in its own locale: our email and the plain-MJML email of the same view, side by side. */
export async function clientProblems(templatesDir = TEMPLATES_DIR): Promise<FixtureProblems[]> {
  const renderer = await createRenderer({ templatesDir });
  const plainSource = await readFile(new URL('./plain-briefing.mjml', import.meta.url), 'utf8');
  const plainTemplate = Handlebars.create().compile(plainSource);
  const rows: FixtureProblems[] = [];
  for (const fixture of await listFixtures(templatesDir)) {
    const { recipient, day } = await loadFixture(fixture, templatesDir);
    const ours = renderer.render({ recipient, day, links: LINKS });
    if (!ours.ok) throw new Error(`${fixture}: ${ours.error.file}: ${ours.error.message}`);
    const messages = catalog(recipient.locale);
    const view = buildView({ recipient, day, links: LINKS, locale: recipient.locale, messages });
    const plain = (await mjml2html(plainTemplate({ ...view, t: messages }), { validationLevel: 'strict' })).html;
    const mine = clientErrors(ours.html);
    rows.push({ fixture, ours: mine.perFamily, plain: clientErrors(plain).perFamily, errors: mine.errors });
  }
  return rows;
}
