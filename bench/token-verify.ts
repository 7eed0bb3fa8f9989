/**
 * CPU time of verifying one unsubscribe token, the first step of every one-click POST:
 * `verify` of src/unsubscribe/token.ts on valid tokens, on tokens of an unknown key id and
 * on tampered ones. CPU time (process.cpuUsage) rather than wall time, so that a busy
 * machine moves the figure less; the median and range of several rounds are printed.
 *
 *   npm run bench:token [-- --rounds=7 --verifies=200000]
 */
import { createTokenCodec } from '../src/unsubscribe/token.ts';
import { generateUnsubscribeKey } from '../src/secrets/generate-key.ts';
import { intOption, summarise } from './bench-stats.ts';

const rounds = intOption('rounds', 'BENCH_ROUNDS', 7);
const verifies = intOption('verifies', 'BENCH_VERIFIES', 200_000);

const codec = createTokenCodec([generateUnsubscribeKey(), { ...generateUnsubscribeKey(), kid: 'old' }], { onUnknownKey: () => undefined });
const foreign = createTokenCodec([{ ...generateUnsubscribeKey(), kid: 'gone' }]);
const ids = Array.from({ length: 1000 }, (_, i) => `u-${100000 + i}`);
const sets = {
  valid: ids.map((id) => codec.sign(id)),
  'unknown key': ids.map((id) => foreign.sign(id)),
  tampered: ids.map((id) => codec.sign(id).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))),
};

function microsPerVerify(tokens: readonly string[]): number {
  const start = process.cpuUsage();
  let ok = 0;
  for (let i = 0; i < verifies; i++) if (codec.verify(tokens[i % tokens.length]!) !== null) ok += 1;
  const used = process.cpuUsage(start);
  if (ok !== 0 && ok !== verifies) throw new Error('a token set verified only in part');
  return (used.user + used.system) / verifies;
}

for (const tokens of Object.values(sets)) microsPerVerify(tokens); // warm-up: JIT
console.log(`token verify: CPU µs per call, ${rounds} rounds of ${verifies.toLocaleString('en')} calls`);
for (const [name, tokens] of Object.entries(sets)) {
  const s = summarise(Array.from({ length: rounds }, () => microsPerVerify(tokens)));
  console.log(`  ${name.padEnd(12)} ${s.median.toFixed(2)} µs (range ${s.min.toFixed(2)}–${s.max.toFixed(2)})`);
}
