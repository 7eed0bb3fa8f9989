/**
 * The benchmarks' SMTP receiver, run as its own process so that it does not share a core's
 * time with the sender being measured. It accepts every message, counts them, and keeps the
 * time of the first and the last; the parent asks over IPC:
 *   { type: 'reset' } → counters to zero;  { type: 'stats' } → { count, bytes, firstMs, lastMs }.
 * The first message after a reset is written to argv[2], so a ceiling run can send the same bytes.
 */
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

const sampleFile = process.argv[2];
let count = 0;
let bytes = 0;
let firstMs = 0;
let lastMs = 0;
let sampleWanted = true;
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  // Pools of up to 2×16 connections; smtp-server's default limit is far above that.
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (c: Buffer) => {
      size += c.length;
      if (sampleWanted) chunks.push(c);
    });
    stream.on('end', () => {
      const at = nowMs();
      if (count === 0) firstMs = at;
      lastMs = at;
      count += 1;
      bytes += size;
      if (sampleWanted && sampleFile) {
        sampleWanted = false;
        writeFileSync(sampleFile, Buffer.concat(chunks));
      }
      callback();
    });
  },
});

process.on('message', (msg: { type: string }) => {
  if (msg.type === 'reset') {
    count = 0;
    bytes = 0;
    firstMs = 0;
    lastMs = 0;
    sampleWanted = true;
    process.send!({ type: 'reset-done' });
  } else if (msg.type === 'stats') {
    process.send!({ type: 'stats', count, bytes, firstMs, lastMs });
  }
});
// The parent going away (crash, Ctrl-C) must not leave a listener behind.
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => {
  process.send!({ type: 'ready', port: (server.server.address() as AddressInfo).port });
});
