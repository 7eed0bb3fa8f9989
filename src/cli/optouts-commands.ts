import type { Command } from 'commander';
import { out, UsageError, type CliContext } from './cli-context.ts';
import { SORTED_ROWS, writeJsonArray, writeTable } from './stream-out.ts';
import { writeCsv } from './csv-out.ts';
import type { AuditEntry } from '../store/optout-store.ts';
import { withAddresses } from '../unsubscribe/optout-rows.ts';

/** The audit log as rows, a thousand at a time. */
async function* auditRows(entries: AsyncIterable<AuditEntry>): AsyncIterable<string[][]> {
  let rows: string[][] = [];
  for await (const e of entries) {
    rows.push([e.at, e.id, e.action, e.source]);
    if (rows.length >= 1000) {
      yield rows;
      rows = [];
    }
  }
  if (rows.length > 0) yield rows;
}

export function registerOptOutCommands(program: Command, ctx: CliContext): void {
  const optouts = program.command('optouts').description('who opted out, when and how; admin opt-outs (audited)');

  optouts
    .command('list')
    .option('--json', 'one JSON array on stdout, streamed in storage order')
    .description(`everyone who is opted out now, with when and how (link, one-click, admin): oldest first up to ${SORTED_ROWS.toLocaleString('en-GB')}, in storage order beyond`)
    .action(async (opts: { json?: boolean }) => {
      const services = await ctx.connect();
      if (opts.json) {
        await writeJsonArray(services.optouts.batches());
        return;
      }
      // Oldest first, as the audit log reads.
      const order = (a: readonly string[], b: readonly string[]) => (a[2]! < b[2]! ? -1 : a[2]! > b[2]! ? 1 : a[0]! < b[0]! ? -1 : 1);
      const { count, sorted } = await writeTable(['ID', 'EMAIL', 'SINCE', 'HOW'], withAddresses(services.roster, services.optouts.batches()), { order });
      if (count === 0) return out('nobody has opted out');
      out(`${count} opted out${sorted ? '' : ` (more than ${SORTED_ROWS.toLocaleString('en-GB')}: in storage order, not sorted)`}`);
    });

  optouts
    .command('export')
    .option('--current', 'everyone opted out now instead of the audit log: id,email,since,how (email from the roster, empty for someone no longer on it)')
    .option('--output <file>', 'write the CSV to FILE instead of stdout (complete, or not at all)')
    .description('the audit log of every opt-out and opt-in, oldest first, as CSV on stdout; --current: the opt-outs in effect, with addresses')
    .action(async (opts: { current?: boolean; output?: string }) => {
      const services = await ctx.connect();
      if (opts.current) {
        // Streamed in storage order, a batch at a time: there may be a million.
        await writeCsv(['id', 'email', 'since', 'how'], withAddresses(services.roster, services.optouts.batches(), ''), opts.output);
      } else {
        await writeCsv(['at', 'id', 'action', 'source'], auditRows(services.optouts.audit()), opts.output);
      }
    });

  optouts
    .command('add')
    .argument('<id>', 'recipient id')
    .description('opt a recipient out on their behalf (recorded as "admin" in the audit log)')
    .action(async (id: string) => {
      const services = await ctx.connect();
      if (!(await services.roster.get(id))) {
        throw new UsageError(`not on the roster: ${id} — nothing written (check the id with \`briefing recipients list\`)`);
      }
      const { optOut, created } = await services.optouts.optOut(id, 'admin');
      if (created) out(`opted out ${id} (admin); no briefing goes to them from now on`);
      else out(`${id} had already opted out at ${optOut.at} (${optOut.source}); kept as it was`);
    });

  optouts
    .command('remove')
    .argument('<id>', 'recipient id')
    .description("remove a recipient's opt-out (recorded as \"admin\" in the audit log)")
    .action(async (id: string) => {
      const services = await ctx.connect();
      const [recipient, existing] = await Promise.all([services.roster.get(id), services.optouts.get(id)]);
      if (!recipient && !existing) {
        throw new UsageError(`not on the roster and not opted out: ${id} — nothing written (check the id with \`briefing optouts list\`)`);
      }
      if (!existing || !(await services.optouts.optIn(id, 'admin'))) return out(`${id} is not opted out; nothing changed`);
      out(`removed the opt-out of ${id} (recorded ${existing.at}, ${existing.source}); briefings resume with the next send`);
      if (recipient && !recipient.enabled) out(`note: ${id} is disabled on the roster (enabled: false), so they still get no briefing`);
    });
}
