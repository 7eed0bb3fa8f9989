import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createApp } from '../../src/http/create-app.ts';
import { startServer, type RunningServer } from '../../src/http/start-server.ts';
import { createFaultStack, DATE, waitForFinal, type FaultStack } from './support/fault-stack.ts';

const N = 240;

const ics = (id: string) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Briefing fault tests//EN',
    'BEGIN:VEVENT',
    `UID:standup-${id}@test`,
    'DTSTAMP:20261101T000000Z',
    'DTSTART:20261124T090000Z',
    'DTEND:20261124T093000Z',
    'SUMMARY:Stand-up',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

describe('opt-outs made while a batch is being sent', () => {
  let fs: FaultStack | undefined;
  let feeds: Server | undefined;
  let http: RunningServer | undefined;

  afterEach(async () => {
    await http?.close();
    http = undefined;
    await fs?.stop();
    fs = undefined;
    feeds?.closeAllConnections();
    await new Promise((r) => feeds?.close(r) ?? r(undefined));
    feeds = undefined;
  });

  it('never mails anyone whose opt-out was acknowledged before their message was handed over', async () => {
    // Opt-outs acknowledged at two moments: (a) while the worker is fetching the recipient's
    // calendar, i.e. after its first check and before the handover, and (b) at random moments
    // during the batch, recording whether the handover had already happened at the ack.
    const optedOutWhileLoading = new Set<string>();
    const handedOverBeforeAck = new Set<string>();
    const notHandedOverAtAck = new Set<string>();
    let stack: FaultStack | undefined;

    feeds = createServer((req, res) => {
      const id = /^\/cal\/([\w-]+)\.ics$/.exec(req.url ?? '')?.[1];
      if (!id) return void res.writeHead(404).end();
      void (async () => {
        // Every fourth recipient opts out while their briefing is being prepared.
        if (Number(id.slice(2)) % 4 === 1 && stack) {
          await stack.stack.services.optouts.optOut(id, 'one-click');
          optedOutWhileLoading.add(id);
        }
        await new Promise((r) => setTimeout(r, 20));
        res.writeHead(200, { 'content-type': 'text/calendar' }).end(ics(id));
      })();
    });
    await new Promise<void>((r) => feeds!.listen(0, '127.0.0.1', r));
    const port = (feeds.address() as AddressInfo).port;

    fs = stack = await createFaultStack(N, {}, { record: (id) => ({ calendar: `http://127.0.0.1:${port}/cal/${id}.ics` }) });
    http = await startServer(createApp({ services: fs.stack.services, logger: pino({ level: 'silent' }) }), 0, '127.0.0.1');
    const base = `http://127.0.0.1:${http.port}`;
    await fs.startWorker();
    await fs.enqueueAll();

    const candidates = fs.ids.filter((id) => Number(id.slice(2)) % 4 === 3);
    const randomOptOuts = (async () => {
      for (const id of candidates.sort(() => Math.random() - 0.5).slice(0, 40)) {
        await new Promise((r) => setTimeout(r, Math.random() * 40));
        // The acknowledgement a person gets: the 200 of the one-click POST, over real HTTP.
        const res = await fetch(`${base}/unsubscribe/${fs!.stack.services.tokens.sign(id)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        });
        await res.arrayBuffer();
        expect(res.status).toBe(200);
        // Read after the ack: a gate that ran after the opt-out cannot have marked the
        // handover, so `sending`/`sent` here means the handover came first.
        const status = (await fs!.stack.services.outcomes.get(DATE, id))?.status;
        (status === 'sending' || status === 'sent' ? handedOverBeforeAck : notHandedOverAtAck).add(id);
      }
    })();

    await randomOptOuts;
    const outcomes = await waitForFinal(fs, fs.ids, 90_000);
    const perAddress = fs.receivedPerAddress();
    const mailed = (id: string) => perAddress.get(fs!.emailOf(id)) ?? 0;

    expect(optedOutWhileLoading.size).toBe(N / 4);
    const wronglyMailed = [...optedOutWhileLoading, ...notHandedOverAtAck].filter((id) => mailed(id) > 0);
    expect(wronglyMailed).toEqual([]);
    for (const id of [...optedOutWhileLoading, ...notHandedOverAtAck]) expect(outcomes.get(id)?.status, id).toBe('skipped:opted-out');
    // Opted out after their briefing was handed over: that one goes out, once.
    for (const id of handedOverBeforeAck) expect(mailed(id), id).toBe(1);
    // Everyone else: exactly one.
    const optedOut = new Set([...optedOutWhileLoading, ...handedOverBeforeAck, ...notHandedOverAtAck]);
    for (const id of fs.ids.filter((x) => !optedOut.has(x))) {
      expect(outcomes.get(id)?.status, id).toBe('sent');
      expect(mailed(id), id).toBe(1);
    }
  }, 120_000);
});
