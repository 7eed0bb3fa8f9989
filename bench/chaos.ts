/**
 * A longer randomized fault run than CI can afford: rounds of sends (one local date each)
 * through `briefing worker` processes while workers are SIGKILLed and SIGTERMed, Redis stops
 * taking writes for a second or two, the SMTP server answers 451 in bursts, and recipients
 * opt out. After each round it checks the guarantees and it stops by itself.
 *
 *   npm run bench:chaos [-- --duration=60 --n=1500 --workers=2 --seed=42]
 *
 * Prints per-round figures and the totals; exits 1 when a guarantee was broken:
 *   - no address gets two briefings for one date;
 *   - every recipient ends with a final outcome (none stays pending or sending);
 *   - `sent` means the receiver has it; `unknown` is "delivery unknown" (in SMTP handover
 *     at a kill, at most WORKER_CONCURRENCY per kill); a `failed` one was given up after
 *     repeated kills, never anything else;
 *   - nobody whose opt-out was acknowledged before their handover is mailed.
 * Redis pauses are kept to 2 s at most: other processes may share this Redis.
 */
import { createFaultStack, type FaultStack } from '../test/faults/support/fault-stack.ts';
import type { WorkerProcess } from '../test/helpers/worker-process.ts';
import { createRedisAdmin, type RedisAdmin } from '../test/helpers/redis-admin.ts';
import type { Outcome } from '../src/delivery/outcome.ts';

const arg = (name: string, fallback: number) => {
  const raw = process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name}=${raw}: expected a whole number of at least 1`);
  return value;
};
const DURATION_S = arg('duration', 60);
const N = arg('n', 1500);
const WORKERS = arg('workers', 2);
const CONCURRENCY = 8;
let seed = arg('seed', Date.now() % 1_000_000);
const startSeed = seed;
// A small deterministic generator, so a failing run can be repeated with --seed.
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface RoundReport {
  date: string;
  sent: number;
  deliveryUnknown: number;
  givenUp: number;
  skippedOptedOut: number;
  kills: number;
  terms: number;
  pauses: number;
  bursts: number;
  optOuts: number;
  seconds: number;
  violations: string[];
}

async function main() {
  const fs = await createFaultStack(N, {
    WORKER_CONCURRENCY: String(CONCURRENCY),
    RETRY_BASE_MS: '200',
    SEND_ATTEMPTS: '15',
    LOG_LEVEL: 'warn',
  });
  const admin = createRedisAdmin(fs.stack.config, 'bench-chaos-pause');
  const workers = new Set<WorkerProcess>();
  const startOne = async () => {
    const w = await fs.startWorker({ LOG_LEVEL: 'info' });
    workers.add(w);
    void w.exited.then(() => workers.delete(w));
  };
  let smtpDownUntil = 0;
  fs.smtp.reply = () => (Date.now() < smtpDownUntil ? { code: 451, message: '4.3.0 chaos: try again later' } : undefined);

  const optedOutBefore = new Set<string>(); // opted out in an earlier round: never mailed again
  const reports: RoundReport[] = [];
  const started = Date.now();
  console.log(`chaos: n=${N}, workers=${WORKERS}, duration=${DURATION_S}s, seed=${startSeed}, prefix=${fs.stack.config.prefix}`);
  try {
    for (let i = 0; i < WORKERS; i += 1) await startOne();
    for (let round = 0; Date.now() - started < DURATION_S * 1000; round += 1) {
      reports.push(await runRound(fs, round, admin, workers, startOne, (until) => (smtpDownUntil = until), optedOutBefore, started));
      const r = reports.at(-1)!;
      console.log(
        `round ${round} ${r.date}: ${r.seconds.toFixed(1)} s, sent ${r.sent}, delivery unknown ${r.deliveryUnknown}, given up ${r.givenUp}, ` +
          `opted out ${r.skippedOptedOut}; kills ${r.kills}, SIGTERMs ${r.terms}, Redis pauses ${r.pauses}, 451 bursts ${r.bursts}, opt-outs ${r.optOuts}` +
          (r.violations.length ? `\n  VIOLATIONS:\n  - ${r.violations.slice(0, 20).join('\n  - ')}` : ''),
      );
    }
  } finally {
    await admin.onEveryMaster('CLIENT', 'UNPAUSE').catch(() => undefined);
    await admin.close();
    await fs.stop();
  }
  const total = (k: keyof RoundReport) => reports.reduce((a, r) => a + (r[k] as number), 0);
  const violations = reports.flatMap((r) => r.violations);
  console.log(
    `\nchaos totals over ${reports.length} rounds (${((Date.now() - started) / 1000).toFixed(0)} s): ` +
      `${total('sent')} sent, ${total('deliveryUnknown')} delivery unknown, ${total('givenUp')} given up after repeated kills, ` +
      `${total('kills')} SIGKILLs, ${total('terms')} SIGTERMs, ${total('pauses')} Redis pauses, ${total('bursts')} 451 bursts, ${total('optOuts')} opt-outs`,
  );
  console.log(violations.length === 0 ? 'all guarantees held' : `${violations.length} VIOLATIONS (seed ${startSeed})`);
  process.exitCode = violations.length === 0 ? 0 : 1;
}

async function runRound(
  fs: FaultStack,
  round: number,
  admin: RedisAdmin,
  workers: Set<WorkerProcess>,
  startOne: () => Promise<void>,
  smtpDown: (until: number) => void,
  optedOutBefore: Set<string>,
  benchStarted: number,
): Promise<RoundReport> {
  const day = new Date(Date.UTC(2027, 0, 4 + round)); // one date per round
  const date = day.toISOString().slice(0, 10);
  const roundStarted = Date.now();
  const report: RoundReport = { date, sent: 0, deliveryUnknown: 0, givenUp: 0, skippedOptedOut: 0, kills: 0, terms: 0, pauses: 0, bursts: 0, optOuts: 0, seconds: 0, violations: [] };
  const { services } = fs.stack;
  const notHandedOverAtAck = new Set<string>();
  const handedOverBeforeAck = new Set<string>();
  const receivedBefore = fs.smtp.received.length;

  await services.enqueue(date, fs.ids, 'recipient');
  const isDone = async () => {
    const all = await services.outcomes.getMany(date, fs.ids);
    return fs.ids.every((id) => {
      const s = all.get(id)?.status;
      return s !== undefined && s !== 'pending' && s !== 'sending';
    });
  };
  // Chaos only in the first part of a round (and of the whole run), then let it settle.
  const chaosUntil = roundStarted + 8000;
  while (!(await isDone())) {
    if (Date.now() - roundStarted > 180_000) {
      report.violations.push(`round did not finish within 180 s`);
      break;
    }
    await sleep(200 + random() * 800);
    if (Date.now() > chaosUntil || Date.now() - benchStarted > DURATION_S * 1000) {
      if (workers.size === 0) await startOne();
      continue;
    }
    const action = random();
    if (action < 0.2 && workers.size > 0) {
      pick([...workers]).kill('SIGKILL');
      report.kills += 1;
      await sleep(random() * 1000);
      await startOne();
    } else if (action < 0.3 && workers.size > 0) {
      const w = pick([...workers]);
      w.kill('SIGTERM');
      report.terms += 1;
      await startOne();
    } else if (action < 0.4) {
      const ms = 1000 + Math.floor(random() * 1000);
      try {
        await admin.onEveryMaster('CLIENT', 'PAUSE', String(ms), 'WRITE');
        report.pauses += 1;
        await sleep(ms);
      } finally {
        await admin.onEveryMaster('CLIENT', 'UNPAUSE');
      }
    } else if (action < 0.55) {
      smtpDown(Date.now() + 1000 + random() * 2000);
      report.bursts += 1;
    } else {
      const id = pick(fs.ids);
      if (optedOutBefore.has(id) || notHandedOverAtAck.has(id) || handedOverBeforeAck.has(id)) continue;
      await services.optouts.optOut(id, 'one-click');
      report.optOuts += 1;
      // Read after the ack: a gate that ran after the opt-out cannot have marked the handover.
      const status = (await services.outcomes.get(date, id))?.status;
      (status === 'sending' || status === 'sent' ? handedOverBeforeAck : notHandedOverAtAck).add(id);
    }
  }
  while (workers.size < WORKERS) await startOne();

  const outcomes: Map<string, Outcome> = await services.outcomes.getMany(date, fs.ids);
  const perAddress = new Map<string, number>();
  for (const m of fs.smtp.received.slice(receivedBefore)) {
    if (!String(m.parsed.messageId ?? '').includes(`.${date}.`)) continue;
    for (const to of m.to) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
  }
  const maxUnknown = CONCURRENCY * report.kills;
  for (const id of fs.ids) {
    const o = outcomes.get(id);
    const mailed = perAddress.get(fs.emailOf(id)) ?? 0;
    if (mailed > 1) report.violations.push(`${id}: ${mailed} briefings for ${date}`);
    if (!o || o.status === 'pending' || o.status === 'sending') report.violations.push(`${id}: no final outcome (${o?.status ?? 'none'})`);
    else if (o.status === 'sent') {
      report.sent += 1;
      if (mailed !== 1) report.violations.push(`${id}: recorded sent but ${mailed} received`);
    } else if (o.status === 'unknown') report.deliveryUnknown += 1;
    else if (o.status === 'failed') {
      if (/stopped more than once/.test(o.reason ?? '')) report.givenUp += 1;
      else report.violations.push(`${id}: failed for another reason: ${o.reason}`);
    } else if (o.status === 'skipped:opted-out') report.skippedOptedOut += 1;
    else report.violations.push(`${id}: unexpected ${o.status}`);
    if ((optedOutBefore.has(id) || notHandedOverAtAck.has(id)) && mailed > 0) {
      report.violations.push(`${id}: mailed after an opt-out acknowledged before the handover`);
    }
  }
  if (report.deliveryUnknown > maxUnknown) report.violations.push(`${report.deliveryUnknown} delivery unknown > ${CONCURRENCY} × ${report.kills} kills`);
  for (const id of [...notHandedOverAtAck, ...handedOverBeforeAck]) optedOutBefore.add(id);
  report.seconds = (Date.now() - roundStarted) / 1000;
  return report;
}

main().catch((err: unknown) => {
  console.error(`bench:chaos: ${(err as Error).stack ?? err}`);
  process.exitCode = 1;
});
