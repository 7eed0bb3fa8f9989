import type { Command } from 'commander';
import { out, UsageError, type CliContext } from './cli-context.ts';
import { parseDateOption } from './options.ts';
import type { EnqueueResult } from '../queue/enqueue-briefings.ts';

/** `queued 2 briefings for 2026-11-24 (1 forced re-send; 1 already sent, 1 of unknown delivery: left alone — …)`. */
function describeEnqueued(date: string, r: EnqueueResult & { forced?: number; notWorkday?: number }): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const forced = r.forced ? plural(r.forced, 'forced re-send') : '';
  const left = [
    r.alreadyQueued > 0 && `${r.alreadyQueued} already queued`,
    r.alreadySent > 0 && `${r.alreadySent} already sent`,
    r.unknown > 0 && `${r.unknown} of unknown delivery`,
  ].filter(Boolean);
  const hint = r.unknown > 0 ? ' — `briefing status` says why; --recipient ID --force sends one anyway' : '';
  const notes = [
    forced,
    left.length ? `${left.join(', ')}: left alone${hint}` : '',
    r.notWorkday ? `${r.notWorkday} for whom it is not a workday` : '',
  ].filter(Boolean).join('; ');
  return `queued ${plural(r.queued, 'briefing')} for ${date}${notes ? ` (${notes})` : ''}`;
}

export function registerSendCommands(program: Command, ctx: CliContext): void {
  program
    .command('send')
    .description('queue briefings now for a local date, whatever the clock says (at most one per recipient per date)')
    .requiredOption('--date <YYYY-MM-DD>', 'the recipients’ local date', parseDateOption)
    .option('--all', 'everyone on the roster (their workdays still apply)')
    .option('--recipient <id...>', 'these recipients only (a re-send; workdays do not apply)')
    .option('--force', 'with --recipient: send again even if delivered, of unknown delivery or stale (recorded as a forced re-send)')
    .action(async (opts: { date: string; all?: boolean; recipient?: string[]; force?: boolean }) => {
      if (Boolean(opts.all) === Boolean(opts.recipient)) throw new UsageError('send: give either --all or --recipient ID…');
      if (opts.force && !opts.recipient) {
        throw new UsageError('send: --force works with --recipient ID… only (a forced re-send is a decision about one person, never the whole roster)');
      }
      const [services, { addEnqueueResult, emptyEnqueueResult, sendAll }] = await Promise.all([ctx.connect(), import('../queue/send-all.ts')]);
      if (opts.force) {
        const ids = [...new Set(opts.recipient)];
        const found = await services.roster.getMany(ids);
        const missing = ids.filter((id) => !found.has(id));
        if (missing.length > 0) throw new UsageError(`not on the roster: ${missing.join(', ')} (nothing was queued)`);
        const { queued, inHandover } = await services.resend(opts.date, [...found.values()]);
        out(describeEnqueued(opts.date, { ...emptyEnqueueResult(), queued: queued.length, forced: queued.length }));
        if (inHandover.length > 0) {
          throw new UsageError(`being handed to SMTP right now: ${inHandover.join(', ')} — left alone; look at \`briefing status --date ${opts.date}\` in a minute`);
        }
        return;
      }
      const total = emptyEnqueueResult();
      let resting = 0;
      if (opts.all) {
        const result = await sendAll(services, opts.date);
        if (result.roster === 0) throw new UsageError('the roster is empty: load one with `briefing recipients import FILE`');
        addEnqueueResult(total, result);
        resting = result.notWorkday;
      } else {
        const ids = [...new Set(opts.recipient)];
        const found = await services.roster.getMany(ids);
        const missing = ids.filter((id) => !found.has(id));
        if (missing.length > 0) throw new UsageError(`not on the roster: ${missing.join(', ')} (nothing was queued)`);
        addEnqueueResult(total, await services.enqueue(opts.date, [...found.values()], 'recipient'));
      }
      out(describeEnqueued(opts.date, { ...total, notWorkday: resting }));
      if (total.queued > 0 && (await services.sendQueues.all[0]!.getWorkersCount()) === 0) {
        process.stderr.write('note: no worker is running; they will go out once `briefing worker` or `briefing start` runs\n');
      }
    });

  program
    .command('pause')
    .description('organisation-wide switch off: no briefing is sent until resume')
    .action(async () => {
      const services = await ctx.connect();
      await services.orgSwitch.pause();
      const minutes = Math.round(ctx.config.catchUpMs / 60_000);
      out(
        'paused: no briefing is sent until `briefing resume`. Briefings that come due meanwhile wait; ' +
          `on resume, those still within CATCH_UP (${minutes} min) of their send time go out, ` +
          'later ones are recorded skipped:paused. Opted-out and disabled people are recorded as such, as always.',
      );
    });

  program
    .command('resume')
    .description('organisation-wide switch back on')
    .action(async () => {
      const services = await ctx.connect();
      await services.orgSwitch.resume();
      out('resumed: briefings are sent again');
    });
}
