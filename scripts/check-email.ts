import { clientProblems, FAMILIES, type Family } from './email-check/client-problems.ts';

/**
 * `npm run check:email`: caniemail's errors per client family for every fixture, ours next to
 * a plain-MJML email of the same content. Exits non-zero if ours has more in any family.
 * `--details` lists our errors too.
 */
const rows = await clientProblems();
const families = Object.keys(FAMILIES) as Family[];
const cell = (ours: number, plain: number) => `${ours} / ${plain}`.padEnd(12);
console.log(`caniemail errors, ours / plain MJML of the same content (@jsx-email/doiuse-email, offline)\n`);
console.log(`${'fixture'.padEnd(24)}${families.map((f) => f.padEnd(12)).join('')}`);
let worse = 0;
for (const row of rows) {
  console.log(`${row.fixture.padEnd(24)}${families.map((f) => cell(row.ours[f], row.plain[f])).join('')}`);
  worse += families.filter((f) => row.ours[f] > row.plain[f]).length;
  if (process.argv.includes('--details')) for (const e of row.errors) console.log(`    ${e}`);
}
if (worse > 0) {
  console.error(`\n${worse} fixture × family cells have more problems than plain MJML`);
  process.exit(1);
}
console.log('\nno family has more problems than plain MJML');
