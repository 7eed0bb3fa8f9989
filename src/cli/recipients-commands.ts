import type { Command } from 'commander';
import { out, UsageError, type CliContext } from './cli-context.ts';
import { progressLine } from './progress-line.ts';
import { SORTED_ROWS, writeJsonArray, writeTable } from './stream-out.ts';
import type { StoredRecipient } from '../store/recipient-fields.ts';
import type { Recipient } from '../recipients/recipient.ts';

const percent = (part: number, whole: number) => `${whole > 0 ? Math.floor((100 * part) / whole) : 100}%`;
const asImported = ({ seq: _seq, lastSent: _last, joined: _joined, ...r }: StoredRecipient): Recipient => r;

async function* mapBatches<T, U>(batches: AsyncIterable<readonly T[]>, f: (t: T) => U): AsyncIterable<U[]> {
  for await (const batch of batches) yield batch.map(f);
}

export function registerRecipientCommands(program: Command, ctx: CliContext): void {
  const recipients = program.command('recipients').description('load and list the roster');

  recipients
    .command('import')
    .argument('<file>', 'a JSON array or a CSV file of recipients')
    .option('--sync', 'then remove from the roster everyone who is not in the file (after saying how many; their opt-outs are kept)')
    .option('--yes', 'with --sync: remove them without asking (needed without a terminal, and to remove more than half of the roster)')
    .option('--dry-run', 'check the file and say what would happen (with --sync: how many would be removed, and the first ids); write nothing')
    .description('upsert recipients by id; the whole file is checked first: an invalid one is rejected whole, with line numbers, and nothing is written')
    .action(async (file: string, opts: { sync?: boolean; yes?: boolean; dryRun?: boolean }) => {
      if (opts.yes && !opts.sync) throw new UsageError('--yes applies to --sync only (it confirms removing those not in the file) — nothing written');
      const [{ importRosterFile }, { decideImport }] = await Promise.all([import('../recipients/import-roster.ts'), import('./sync-confirm.ts')]);
      const progress = progressLine(process.stderr, 'briefing recipients import');
      try {
        const done = await importRosterFile(
          file,
          {
            defaultTimeZone: ctx.config.defaultTimeZone,
            progress: (p) => progress.update({ step: `${p.phase} ${file}`, done: p.records, total: null, unit: 'records', note: `${percent(p.bytes, p.totalBytes)} of the file` }),
            sync: opts.sync === true,
            removed: (n) => progress.update({ step: `removing those not in ${file}`, done: n, total: null, unit: 'removed' }),
            beforeWrite: (plan) => {
              progress.done();
              return decideImport(plan, { file, dryRun: opts.dryRun === true, yes: opts.yes === true });
            },
          },
          // Redis only once the whole file is known to be valid: a refused file touches nothing.
          async () => (await ctx.connect()).roster,
        );
        progress.done();
        if (!done.written) return;
        const removed = done.removed === null ? '' : `; removed ${done.removed} not in the file (their opt-outs are kept)`;
        out(`imported ${done.records} recipient${done.records === 1 ? '' : 's'} from ${file}: ${done.created} new, ${done.updated} updated${removed}`);
      } finally {
        progress.done();
      }
    });

  recipients
    .command('remove')
    .argument('<ids...>', 'recipient ids')
    .description('take people off the roster; every id is checked first: if any is not on the roster, nothing is removed. Their opt-outs are kept')
    .action(async (ids: string[]) => {
      const services = await ctx.connect();
      const unique = [...new Set(ids)];
      const found = await services.roster.getMany(unique);
      const unknown = unique.filter((id) => !found.has(id));
      if (unknown.length > 0) {
        throw new UsageError(`not on the roster: ${unknown.join(', ')} — nobody removed (check the ids with \`briefing recipients list\`)`);
      }
      const removed = await services.roster.remove(unique);
      const gone = unique.filter((id) => !removed.includes(id));
      out(`removed ${removed.length} recipient${removed.length === 1 ? '' : 's'} from the roster: ${removed.join(', ')}`);
      if (gone.length > 0) out(`already gone (removed by someone else meanwhile): ${gone.join(', ')}`);
      out('their opt-outs are kept: imported again later, someone who opted out stays opted out');
    });

  recipients
    .command('list')
    .option('--json', 'one JSON array on stdout, streamed in storage order')
    .description(`the roster: sorted by id up to ${SORTED_ROWS.toLocaleString('en-GB')} people, in storage order beyond (streamed, never all in memory)`)
    .action(async (opts: { json?: boolean }) => {
      const services = await ctx.connect();
      if (opts.json) {
        await writeJsonArray(mapBatches(services.roster.batches(), asImported));
        return;
      }
      const rows = mapBatches(services.roster.batches(), (r) => [r.id, r.email, r.locale, r.timeZone, r.sendAt, r.workdays.join(' '), r.enabled ? 'yes' : 'no']);
      const { count, sorted } = await writeTable(['ID', 'EMAIL', 'LOCALE', 'TIME ZONE', 'SEND AT', 'WORKDAYS', 'ENABLED'], rows);
      if (count === 0) return out('the roster is empty: load one with `briefing recipients import FILE`');
      out(`${count} recipient${count === 1 ? '' : 's'}${sorted ? '' : ` (more than ${SORTED_ROWS.toLocaleString('en-GB')}: in storage order, not sorted)`}`);
    });
}
