import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { publicSecretSource } from '../../../src/secrets/public-keys.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

// `kid:secret` as UNSUBSCRIBE_KEYS takes it (after a quote, `=`, a space, a comma, or a
// compose default's `:-`), and `secret: '…'` as code holds one. An iCalendar value written in a
// test (`RDATE;VALUE=PERIOD:20260309T120000Z/…`) is a date-time, not a secret.
const KEY_SHAPED = /(?:^|[\s'"`=,(]|:-)[A-Za-z0-9_-]{1,16}:(?!\/\/)(?!\d{8}T\d{6})([A-Za-z0-9_+/=.~-]{32,})/g;
const SECRET_FIELD = /secret['"]?\s*[:=]\s*['"`]([^'"`\s]{32,})['"`]/g;

/** Every tracked file's text; calendars are left out (their `UID:…` lines are key-shaped and no key). */
function trackedTexts(): { file: string; text: string }[] {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  return files.filter((f) => !f.endsWith('.ics')).map((file) => ({ file, text: readFileSync(`${ROOT}${file}`, 'utf8') }));
}

describe('keys that appear in the repository', () => {
  it('are every one on the list production refuses', () => {
    const missing: string[] = [];
    let found = 0;
    for (const { file, text } of trackedTexts()) {
      for (const re of [KEY_SHAPED, SECRET_FIELD]) {
        for (const match of text.matchAll(re)) {
          found += 1;
          if (!publicSecretSource(match[1]!)) missing.push(`${file}: ${match[0].trim()}`);
        }
      }
    }
    expect(missing, 'add the SHA-256 of each secret to src/secrets/public-keys.ts').toEqual([]);
    // The scan really finds keys: the development key, the test key and the README example at least.
    expect(found).toBeGreaterThanOrEqual(3);
  });

  it('include the README’s example, so that copying it into production fails', () => {
    const readme = readFileSync(`${ROOT}README.md`, 'utf8');
    const example = [...readme.matchAll(KEY_SHAPED)].map((m) => m[1]!);
    expect(example.length).toBeGreaterThan(0);
    for (const secret of example) expect(publicSecretSource(secret)).toBeDefined();
  });
});
