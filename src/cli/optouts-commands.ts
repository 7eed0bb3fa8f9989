import type { Command } from 'commander';
import { out, outJson, UsageError, type CliContext } from './cli-context.ts';
import { table } from './options.ts';

/** RFC 4180: quote a field when it holds a comma, a quote or a line break; double the quotes. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

const csvLine = (fields: readonly string[]) => `${fields.map(csvField).join(',')}\r\n`;

export function registerOptOutCommands(program: Command, ctx: CliContext): void {
  const optouts = program.command('optouts').description('who opted out, when and how; admin opt-outs (audited)');

  optouts
    .command('list')
    .option('--json', 'one JSON document on stdout')
    .description('everyone who is opted out now, with when and how (link, one-click, admin)')
    .action(async (opts: { json?: boolean }) => {
      const services = await ctx.connect();
      const all = [];
      for await (const batch of services.optouts.batches()) all.push(...batch);
      all.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
      if (opts.json) return outJson(all);
      if (all.length === 0) return out('nobody has opted out');
      const roster = await services.roster.getMany(all.map((o) => o.id));
      out(table([['ID', 'EMAIL', 'SINCE', 'HOW'], ...all.map((o) => [o.id, roster.get(o.id)?.email ?? '(not on the roster)', o.at, o.source])]));
      out(`${all.length} opted out`);
    });

  optouts
    .command('export')
    .description('the audit log of every opt-out and opt-in, oldest first, as CSV on stdout')
    .action(async () => {
      const services = await ctx.connect();
      process.stdout.write(csvLine(['at', 'id', 'action', 'source']));
      for await (const e of services.optouts.audit()) process.stdout.write(csvLine([e.at, e.id, e.action, e.source]));
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
