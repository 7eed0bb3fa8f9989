import { expect } from 'vitest';
import { OUTCOME_STATUSES, REASONED_STATUSES, type OutcomeStatus } from '../../../src/delivery/outcome.ts';
import type { LegacyInstallation } from '../../helpers/legacy-installation.ts';
import { keysUnder } from '../../helpers/key-snapshot.ts';
import { allOptOuts, allOutcomes, auditOf } from '../../helpers/outcomes.ts';
import type { TestStack } from '../../helpers/stack.ts';
import { asSingle } from '../../helpers/redis-cleanup.ts';

const toSecond = (iso: string) => new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString();
/** How this layout shows an earlier status: a briefing left "sending" by a stopped worker is of unknown delivery. */
const shownAs = (status: string): OutcomeStatus => (status === 'sending' ? 'unknown' : (status as OutcomeStatus));

function tally(outcomes: Iterable<{ status: string }>): Record<OutcomeStatus, number> {
  const counts = Object.fromEntries(OUTCOME_STATUSES.map((s) => [s, 0])) as Record<OutcomeStatus, number>;
  for (const o of outcomes) counts[shownAs(o.status)] += 1;
  return counts;
}

/** Everything the earlier installation held, read back through this version's stores. */
export async function expectEverythingMoved(stack: TestStack, legacy: LegacyInstallation): Promise<void> {
  const { services, config } = stack;
  const onRoster = new Set(legacy.roster.map((r) => r.id));

  expect(await services.roster.count()).toBe(legacy.roster.length);
  const stored = await services.roster.getMany([...onRoster]);
  for (const r of legacy.roster) {
    const { seq: _seq, lastSent: _lastSent, ...fields } = stored.get(r.id)!;
    expect(fields, r.id).toEqual(r);
  }

  const optOuts = [...legacy.optOuts].map(([id, o]) => ({ id, at: o.at, source: o.source })).sort((a, b) => (a.id < b.id ? -1 : 1));
  expect(await allOptOuts(services.optouts)).toEqual(optOuts);
  expect(await auditOf(stack)).toEqual(legacy.audit);

  for (const date of [legacy.dates.today, legacy.dates.yesterday]) {
    const before = [...legacy.outcomes.get(date)!].filter(([id]) => onRoster.has(id));
    const after = await allOutcomes(services.outcomes, date);
    expect(after.size, date).toBe(before.length);
    for (const [id, old] of before) {
      const now = after.get(id)!;
      expect({ id, status: now.status, at: now.at }).toEqual({ id, status: shownAs(old.status), at: toSecond(old.at) });
      if (old.reason) expect(now.reason).toBe(old.reason);
      if (REASONED_STATUSES.includes(now.status as OutcomeStatus)) expect(now.reason, `${id} ${now.status}`).toBeTruthy();
    }
    expect((await services.outcomes.counts(date)).byStatus, date).toEqual(tally(before.map(([, o]) => o)));
  }
  // Past OUTCOME_RETENTION: the counts only.
  const old = legacy.dates.old;
  expect((await allOutcomes(services.outcomes, old)).size).toBe(0);
  expect((await services.outcomes.counts(old)).byStatus).toEqual(tally([...legacy.outcomes.get(old)!].filter(([id]) => onRoster.has(id)).map(([, o]) => o)));

  // The stale check knows the latest date each person's briefing went out.
  for (const r of legacy.roster) {
    const sent = [legacy.dates.today, legacy.dates.yesterday, old].filter((d) => legacy.outcomes.get(d)!.get(r.id)?.status === 'sent').sort();
    expect(stored.get(r.id)!.lastSent, r.id).toBe(sent.at(-1));
  }

  expect(await services.metrics.outcomes()).toEqual(legacy.metrics.outcomes);
  const render = await services.metrics.histogram('render');
  expect(render.count).toBe(legacy.metrics.renderCount);
  expect(render.sum).toBeCloseTo(legacy.metrics.renderSum, 9);
  expect(await services.schedule.lastTick()).toBe(legacy.lastTick);
  expect(await services.orgSwitch.pausedSince()).toBe(legacy.pausedSince);

  // The earlier keys are gone (the roster's tombstone and the keys both layouts share stay).
  const shared = /^(paused|schedule:(last-tick|first-tick|fan-out:.*)|recipients)$/;
  const earlier = /^(recipients|send-groups|send-group:.*|optouts(:audit)?|outcomes:.*|metrics:.*|send:.*|schedule:.*|migration|\{metrics\}:migrated)$/;
  const left = (await keysUnder(asSingle(stack.redis), config.prefix)).map((k) => k.slice(config.prefix.length + 1)).filter((k) => earlier.test(k) && !shared.test(k));
  expect(left).toEqual([]);
  expect(await asSingle(stack.redis).type(`${config.prefix}:recipients`)).toBe('string');
  await services.checkLayout();
}
