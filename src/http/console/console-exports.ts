import type { Context } from 'hono';
import { stream } from 'hono/streaming';
import type { Services } from '../../app/services.ts';
import { publicStatus } from '../../delivery/outcome.ts';
import type { LocalDate } from '../../time/zones.ts';
import { csvLine } from '../../csv-line.ts';
import { withAddresses } from '../../unsubscribe/optout-rows.ts';

function csvHeaders(c: Context, filename: string): void {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${filename}"`);
  c.header('Cache-Control', 'no-store');
  c.header('X-Content-Type-Options', 'nosniff');
}

/** Everyone opted out now, with their address: the same rows as `briefing optouts list`, streamed. */
export function optOutsCsv(c: Context, deps: Pick<Services, 'roster' | 'optouts'>): Response {
  csvHeaders(c, 'optouts.csv');
  return stream(c, async (out) => {
    await out.write(csvLine(['id', 'email', 'since', 'how']));
    for await (const rows of withAddresses(deps.roster, deps.optouts.batches(), '')) await out.write(rows.map(csvLine).join(''));
  });
}

/** Each recipient's outcome of one date, a page at a time (the roster may be large). */
export function outcomesCsv(c: Context, deps: Pick<Services, 'outcomes'>, date: LocalDate): Response {
  csvHeaders(c, `outcomes-${date}.csv`);
  return stream(c, async (out) => {
    await out.write(csvLine(['id', 'status', 'at', 'reason', 'forced']));
    let cursor: string | undefined;
    do {
      const page = await deps.outcomes.list(date, { limit: 1000, ...(cursor ? { cursor } : {}) });
      await out.write(page.rows.map((o) => csvLine([o.id, publicStatus(o.status), o.at, o.reason ?? '', o.forced ? 'yes' : ''])).join(''));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  });
}
