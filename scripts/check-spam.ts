import { existsSync } from 'node:fs';
import { SPAMASSASSIN, spamScores } from './email-check/spam-scores.ts';

/**
 * `npm run check:spam`: SpamAssassin's score and rules for every fixture's `.eml`, offline,
 * with the rules Debian ships. Exits non-zero when one scores above 0.0.
 */
if (!existsSync(SPAMASSASSIN)) {
  console.error(`${SPAMASSASSIN} not found: apt-get install -y spamassassin`);
  process.exit(2);
}
const scores = await spamScores();
console.log('SpamAssassin (spamassassin -L, shipped rules), per fixture\n');
for (const s of scores) console.log(`${s.fixture.padEnd(24)}${s.score.toFixed(1).padStart(5)}  ${s.rules.join(' ')}`);
const over = scores.filter((s) => s.score > 0);
if (over.length > 0) {
  console.error(`\n${over.length} fixture(s) score above 0.0`);
  process.exit(1);
}
