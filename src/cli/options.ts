import { isLocalDate } from '../time/local-date.ts';
import { UsageError } from './cli-context.ts';

export function parseDateOption(value: string): string {
  if (!isLocalDate(value)) throw new UsageError(`--date ${JSON.stringify(value)}: expected a date as YYYY-MM-DD`);
  return value;
}

/** Lines up columns for people reading a terminal. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}
