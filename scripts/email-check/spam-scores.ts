import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { composeBriefing } from '../../src/compose/compose-briefing.ts';
import { loadConfig } from '../../src/config.ts';
import { listFixtures, loadFixture } from '../../src/render/fixtures.ts';
import { createRenderer } from '../../src/render/renderer.ts';
import { createTokenCodec } from '../../src/unsubscribe/token.ts';
import { TEMPLATES_DIR } from '../../src/paths.ts';

export const SPAMASSASSIN = '/usr/bin/spamassassin';

export interface SpamScore {
  readonly fixture: string;
  readonly score: number;
  /** The rules hit, as SpamAssassin names them (HTML_MESSAGE, NO_RECEIVED…). */
  readonly rules: readonly string[];
}

/** Every fixture as the `.eml` the worker would hand to SMTP (real headers, both parts, signed links). */
export async function fixtureMessages(templatesDir = TEMPLATES_DIR): Promise<{ fixture: string; eml: Buffer }[]> {
  const config = loadConfig({ PUBLIC_URL: 'https://briefing.example.com', MAIL_FROM: 'Briefing <briefing@example.com>', ORG_NAME: 'Example Ltd' });
  const renderer = await createRenderer({ templatesDir, accentColor: config.branding.accentColor });
  const deps = { renderer, tokens: createTokenCodec(config.unsubscribeKeys), settings: config, branding: config.branding };
  const mime = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const out: { fixture: string; eml: Buffer }[] = [];
  for (const fixture of await listFixtures(templatesDir)) {
    const composed = composeBriefing(deps, await loadFixture(fixture, templatesDir));
    if (!composed.ok) throw new Error(`${fixture}: ${composed.description}`);
    out.push({ fixture, eml: (await mime.sendMail(composed.message)).message as Buffer });
  }
  return out;
}

function run(file: string, args: string[], input: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${file} ${args.join(' ')}: ${err.message} ${stderr}`)) : resolve(stdout),
    );
    child.stdin!.end(input);
  });
}

/**
 * SpamAssassin's verdict on every fixture, with the rules it ships (Debian's package, no
 * sa-update) and no network tests (`-L`): one run over an mbox of all of them, since its
 * start-up costs more than a message. Its user preferences go to a temporary folder.
 */
export async function spamScores(templatesDir = TEMPLATES_DIR): Promise<SpamScore[]> {
  const messages = await fixtureMessages(templatesDir);
  const home = await mkdtemp(join(tmpdir(), 'briefing-spam-'));
  try {
    const prefs = join(home, 'user_prefs');
    await writeFile(prefs, '');
    // mbox: a "From " line before each message, and ">From " for any body line that starts so.
    const mbox = Buffer.concat(
      messages.map((m) => Buffer.from(`From briefing@example.com Tue Nov 24 06:30:00 2026\n${m.eml.toString('utf8').replace(/\r\n/g, '\n').replace(/^From /gm, '>From ')}\n`)),
    );
    const report = await run(SPAMASSASSIN, ['-L', '--mbox', '-p', prefs, '--siteconfigpath', '/etc/spamassassin'], mbox);
    const statuses = [...report.matchAll(/^X-Spam-Status: (?:Yes|No), score=(-?[\d.]+) required=[\d.]+ tests=([\s\S]*?) autolearn=/gm)];
    if (statuses.length !== messages.length) throw new Error(`spamassassin scored ${statuses.length} of ${messages.length} messages`);
    return messages.map((m, i) => ({
      fixture: m.fixture,
      score: Number(statuses[i]![1]) + 0, // "-0.0" is 0
      rules: statuses[i]![2]!.split(/[\s,]+/).filter((r) => r && r !== 'none'),
    }));
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
