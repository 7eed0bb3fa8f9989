import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SPAMASSASSIN, spamScores } from '../../scripts/email-check/spam-scores.ts';
import { TEMPLATES_DIR } from '../../src/paths.ts';

const has = existsSync(SPAMASSASSIN);
if (!has) console.warn(`spam score tests skipped: ${SPAMASSASSIN} not found (Debian: apt-get install -y spamassassin)`);

// SpamAssassin as Debian ships it (its own rules, no sa-update, no network tests), on the
// .eml of every fixture exactly as the worker hands it to SMTP.
describe.skipIf(!has)('SpamAssassin on every fixture', () => {
  it('scores each 0.0 with the shipped rules', async () => {
    const scores = await spamScores();
    expect(scores.length).toBeGreaterThanOrEqual(6);
    for (const s of scores) expect({ fixture: s.fixture, score: s.score }).toEqual({ fixture: s.fixture, score: 0 });
  }, 120_000);

  it('would notice the hidden preheader MJML writes (white 1 px text), which scored 0.7 before', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'briefing-spam-tpl-'));
    try {
      await cp(TEMPLATES_DIR, dir, { recursive: true });
      for (const f of await readdir(path.join(dir, 'fixtures'))) if (f !== 'light-day.json') await rm(path.join(dir, 'fixtures', f));
      const entry = path.join(dir, 'briefing.mjml');
      const ours = (await readFile(entry, 'utf8')).replace(/<mj-raw><div style="display:none[^\n]*<\/mj-raw>\n/, '');
      await writeFile(entry, ours.replace('<mj-title>{{subject}}</mj-title>', '<mj-title>{{subject}}</mj-title>\n    <mj-preview>{{preheader}}</mj-preview>'));
      const [light] = await spamScores(dir);
      expect(light!.rules).toContain('HTML_FONT_LOW_CONTRAST');
      expect(light!.score).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
