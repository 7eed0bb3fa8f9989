import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';
import { createFaultStack, DATE, waitForFinal, type FaultStack } from './support/fault-stack.ts';
import { startSilentServer } from './support/silent-server.ts';

async function statusOf(fs: FaultStack): Promise<Map<string, { status: string; reason?: string; forced?: boolean }>> {
  const result = await runCli(['status', '--date', DATE, '--json'], fs.env);
  expect(result.code, result.stderr).toBe(0);
  const report = JSON.parse(result.stdout) as { recipients: { id: string; status: string; reason?: string; forced?: boolean }[] };
  return new Map(report.recipients.map((r) => [r.id, r]));
}

// The attack 9: a briefing whose worker died in the SMTP handover (the receiver may
// well have taken it) must never be mailed again by a re-run; only a forced re-send sends it.
describe('a briefing of unknown delivery', () => {
  let fs: FaultStack | undefined;
  let silent: Awaited<ReturnType<typeof startSilentServer>> | undefined;
  afterEach(async () => {
    await fs?.stop();
    await silent?.close();
    fs = silent = undefined;
  });

  it('is left alone by `send --all` and `send --recipient`, explained by `status`, and re-sent exactly once by `send --recipient ID --force`', async () => {
    // An SMTP server that takes the connection and never answers: a handover that never ends.
    silent = await startSilentServer();
    fs = await createFaultStack(2);
    const [lost, other] = fs.ids as [string, string];

    // 1. A worker hangs in the handover of `lost` and is killed there.
    const dying = await fs.startWorker({ SMTP_URL: `smtp://127.0.0.1:${silent.port}` });
    expect((await runCli(['send', '--date', DATE, '--recipient', lost], fs.env)).code).toBe(0);
    for (let i = 0; (await fs.outcomes()).get(lost)?.status !== 'sending'; i++) {
      if (i > 400) throw new Error('the worker never reached the SMTP handover');
      await new Promise((r) => setTimeout(r, 25));
    }
    dying.kill('SIGKILL');
    await dying.exited;

    // 2. The next worker finds the mark after its lease: `unknown`, not sent.
    await fs.startWorker();
    expect((await waitForFinal(fs, [lost], 30_000)).get(lost)).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/^delivery unknown/) });

    // 3. A re-run of the whole day sends the others and leaves it alone.
    const all = await runCli(['send', '--date', DATE, '--all'], fs.env);
    expect(all.stdout).toMatch(/^queued 1 briefing for 2026-11-24 \(1 of unknown delivery: left alone/);
    expect((await waitForFinal(fs, [other], 30_000)).get(other)?.status).toBe('sent');
    const again = await runCli(['send', '--date', DATE, '--recipient', lost], fs.env);
    expect(again.stdout).toMatch(/^queued 0 briefings for 2026-11-24 \(1 of unknown delivery: left alone — .*--force/);
    expect(fs.receivedPerAddress().get(fs.emailOf(lost))).toBeUndefined();
    expect((await statusOf(fs)).get(lost)?.status).toBe('unknown');
    const text = await runCli(['status', '--date', DATE], fs.env);
    expect(text.stdout).toMatch(/unknown: the worker stopped while handing this briefing to SMTP, so it may have been delivered/);
    expect(text.stdout).toContain(`briefing send --date ${DATE} --recipient ID --force`);

    // 4. Forced, with two workers and a 451 on the first try: exactly one copy, recorded as forced.
    await fs.startWorker();
    fs.smtp.reply = (rcpt, attempt) => (rcpt.includes(fs!.emailOf(lost)) && attempt === 1 ? { code: 451, message: '4.3.0 try again later' } : undefined);
    const forced = await runCli(['send', '--date', DATE, '--recipient', lost, '--force'], fs.env);
    expect(forced.stdout).toMatch(/^queued 1 briefing for 2026-11-24 \(1 forced re-send\)/);
    // A re-run while it is under way changes nothing.
    await runCli(['send', '--date', DATE, '--all'], fs.env);
    expect((await waitForFinal(fs, [lost], 30_000)).get(lost)).toMatchObject({ status: 'sent', forced: true });
    for (let i = 0; Object.values(await fs.stack.services.sendQueues.all[0]!.getJobCounts('wait', 'active', 'delayed')).some((n) => n > 0); i++) {
      if (i > 400) throw new Error('the queue did not drain');
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(fs.smtp.refusals.get(fs.emailOf(lost))).toBe(1);
    expect(fs.receivedPerAddress().get(fs.emailOf(lost))).toBe(1);
    expect((await statusOf(fs)).get(lost)).toMatchObject({ status: 'sent', forced: true });
    expect((await runCli(['status', '--date', DATE], fs.env)).stdout).toMatch(new RegExp(`${lost}\\s+sent\\s+\\S+\\s+forced re-send`));
  }, 120_000);

  it('a forced re-send works over `sent` too, and only with --recipient', async () => {
    fs = await createFaultStack(1);
    const [id] = fs.ids as [string];
    await fs.startWorker();
    await runCli(['send', '--date', DATE, '--recipient', id], fs.env);
    await waitForFinal(fs, [id], 30_000);
    expect((await runCli(['send', '--date', DATE, '--recipient', id], fs.env)).stdout).toMatch(/^queued 0 briefings .*1 already sent/);
    const refused = await runCli(['send', '--date', DATE, '--all', '--force'], fs.env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/--force works with --recipient ID… only/);
    await runCli(['send', '--date', DATE, '--recipient', id, '--force'], fs.env);
    await fs.smtp.waitFor(2);
    expect((await waitForFinal(fs, [id], 30_000)).get(id)).toMatchObject({ status: 'sent', forced: true });
    expect(fs.receivedPerAddress().get(fs.emailOf(id))).toBe(2);
  }, 60_000);
});
