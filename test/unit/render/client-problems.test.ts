import { describe, expect, it } from 'vitest';
import { clientErrors, clientProblems, FAMILIES, type Family } from '../../../scripts/email-check/client-problems.ts';

// caniemail's data as @jsx-email/doiuse-email ships it (offline); the yardstick is the same
// briefing written in plain MJML (scripts/email-check/plain-briefing.mjml).
describe('mail client problems (caniemail)', () => {
  it('finds no more problems in any client family than plain MJML of the same content, for every fixture', async () => {
    const rows = await clientProblems();
    expect(rows.length).toBeGreaterThanOrEqual(6);
    for (const row of rows) {
      for (const family of Object.keys(FAMILIES) as Family[]) {
        expect(row.ours[family], `${row.fixture}, ${family}: ours ${row.ours[family]}, plain ${row.plain[family]}`).toBeLessThanOrEqual(row.plain[family]);
      }
    }
  });

  it('counts a per-row style that Outlook and Yahoo do not support once per row (the checker is not blind)', () => {
    const row = '<tr><td style="overflow-wrap:anywhere">x</td></tr>';
    const one = clientErrors(`<html><body><table>${row}</table></body></html>`).perFamily;
    const ten = clientErrors(`<html><body><table>${row.repeat(10)}</table></body></html>`).perFamily;
    expect(ten.Outlook).toBeGreaterThan(one.Outlook);
    expect(ten.Yahoo).toBeGreaterThan(one.Yahoo);
  });
});
