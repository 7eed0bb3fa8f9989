import type { Command } from 'commander';
import type { MigrationEvent } from '../migrate/migration-deps.ts';
import { out, UsageError, type CliContext } from './cli-context.ts';
import { formatPlan, formatResult } from './migrate-report.ts';
import { progressLine } from './progress-line.ts';

const VERB: Record<MigrationEvent['phase'], string> = { check: 'checking', move: 'moving', remove: 'removing' };

export function registerMigrateCommand(program: Command, ctx: CliContext): void {
  program
    .command('migrate')
    .description("move an earlier version's data (one key per kind) to this version's layout; safe to run again")
    .option('--dry-run', 'print what would be moved, and change nothing')
    .action(async (opts: { dryRun?: boolean }) => {
      const [{ openLegacyQueues }, { survey, isEmptyPlan }, { workersAttachedMessage }, { LAYOUT_VERSION }] = await Promise.all([
        import('../queue/legacy-queues.ts'), import('../migrate/survey.ts'), import('../migrate/requeue-briefings.ts'), import('../store/store.ts'),
      ]);
      const { config } = ctx;
      const { store, client } = await ctx.connectStore();
      const version = await store.migration.progress.version();
      if (version !== null && version !== LAYOUT_VERSION) {
        throw new UsageError(`BRIEFING_PREFIX=${config.prefix}: the data is in layout ${version}, which this version does not know; nothing was changed`);
      }
      const queues = openLegacyQueues(client, config.prefix);
      const progress = progressLine(process.stderr, 'briefing migrate');
      try {
        const deps = {
          store, queues, retentionMs: config.outcomeRetentionMs, now: () => new Date(),
          onProgress: (e: MigrationEvent) => progress.update({ ...e, step: `${VERB[e.phase]} ${e.step}` }),
        };
        const plan = await survey(deps);
        progress.done();
        if (isEmptyPlan(plan) && !plan.resumes) {
          out(`nothing to migrate: BRIEFING_PREFIX=${config.prefix} holds no data of the earlier layout${version ? ` (it is in layout ${version})` : ''}`);
          return;
        }
        out(formatPlan(plan, { prefix: config.prefix, retention: `${Math.round(config.outcomeRetentionMs / 86_400_000)}d` }));
        const refusals = [
          ...(plan.workers > 0 ? [workersAttachedMessage(plan.workers)] : []),
          ...(plan.problems.length > 0
            ? [`the earlier data has entries that cannot be moved as they are; mend or delete them, then run again:\n  ${plan.problems.join('\n  ')}` +
                (plan.moreProblems ? `\n  … and ${plan.moreProblems} more` : '')]
            : []),
        ];
        if (refusals.length > 0) throw new UsageError(`${refusals.join('\n')}\nnothing was changed`);
        if (opts.dryRun) {
          out('--dry-run: nothing was changed. Stop every process of the earlier version, then run `briefing migrate`.');
          return;
        }
        const services = await ctx.connect({ checkLayout: false });
        const { migrateLayout } = await import('../migrate/migrate-layout.ts');
        const result = await migrateLayout({ ...deps, store: services, enqueue: services.enqueue }, plan);
        progress.done();
        out(formatResult(result, config.prefix));
      } finally {
        progress.done();
        await queues.close();
      }
    });
}
