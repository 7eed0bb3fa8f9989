import type { Command } from 'commander';
import { out, outJson, UsageError, type CliContext } from './cli-context.ts';

// An instant needs its offset: "2026-03-29T02:30" alone would silently mean this machine's zone.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const MAX_COUNT = 1000;

function parseFrom(value: string): Date {
  const ms = Date.parse(value);
  if (!ISO_INSTANT.test(value) || Number.isNaN(ms)) {
    throw new UsageError(`--from ${JSON.stringify(value)}: expected an ISO 8601 instant with its offset, e.g. 2026-03-29T00:00:00Z`);
  }
  return new Date(ms);
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_COUNT) {
    throw new UsageError(`--count ${JSON.stringify(value)}: expected a whole number from 1 to ${MAX_COUNT}`);
  }
  return n;
}

export function registerScheduleCommands(program: Command, ctx: CliContext): void {
  const schedule = program.command('schedule').description('when the scheduler sends briefings');
  schedule
    .command('next')
    .description("the next send instants (UTC, ISO 8601) the scheduler will use for a recipient")
    .requiredOption('--recipient <id>', 'recipient id')
    .option('--from <instant>', 'start here instead of now (ISO 8601 with offset)', parseFrom)
    .option('--count <n>', `how many (1-${MAX_COUNT})`, parseCount, 5)
    .option('--json', 'one JSON document on stdout')
    .action(async (opts: { recipient: string; from?: Date; count: number; json?: boolean }) => {
      const services = await ctx.connect();
      const { nextSends } = await import('../schedule/send-time.ts');
      const recipient = await services.roster.get(opts.recipient);
      if (!recipient) throw new UsageError(`not on the roster: ${opts.recipient}`);
      const from = opts.from ?? new Date();
      const sends = nextSends(recipient, from, opts.count);
      if (opts.json) {
        return outJson({
          recipient: recipient.id,
          timeZone: recipient.timeZone,
          sendAt: recipient.sendAt,
          workdays: recipient.workdays,
          from: from.toISOString(),
          sends: sends.map((s) => ({ date: s.date, at: s.at.toISOString() })),
        });
      }
      if (sends.length === 0) return out(`${recipient.id} has no workdays: the scheduler never sends to them`);
      for (const s of sends) out(`${s.at.toISOString()}  ${s.date} ${recipient.sendAt} ${recipient.timeZone}`);
    });
}
