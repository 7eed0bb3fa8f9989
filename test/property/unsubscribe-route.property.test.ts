import fc from 'fast-check';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/create-app.ts';
import { startServer, type RunningServer } from '../../src/http/start-server.ts';
import { createTestStack, type TestStack } from '../helpers/stack.ts';
import { allOptOuts, auditOf } from '../helpers/outcomes.ts';

/**
 * The unsubscribe routes over real HTTP with random tokens, bodies, content types and
 * methods: never a 5xx, and nothing in Redis changes (no opt-out, no audit entry).
 */
describe('POST /unsubscribe/:token and friends under random input', () => {
  let stack: TestStack;
  let server: RunningServer;
  let base: string;
  let validToken: string;

  beforeAll(async () => {
    stack = await createTestStack();
    await stack.importRoster([{ id: 'u-1', email: 'ada@example.com' }]);
    server = await startServer(createApp({ services: stack.services, logger: pino({ level: 'silent' }) }), 0, '127.0.0.1');
    base = `http://127.0.0.1:${server.port}`;
    validToken = stack.services.tokens.sign('u-1');
  });

  afterAll(async () => {
    await server?.close();
    await stack?.stop();
  });

  const nothingChanged = async () => {
    expect(await allOptOuts(stack.services.optouts)).toEqual([]);
    expect(await auditOf(stack)).toEqual([]);
  };

  const tokenLike = fc.oneof(
    fc.string({ minLength: 1, maxLength: 500 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 100 }),
    fc.stringMatching(/^[A-Za-z0-9_-]{1,16}\.[A-Za-z0-9_-]{22,120}\.[A-Za-z0-9_-]{22}$/),
    // A real token, mutated in one place.
    fc.tuple(fc.nat(), fc.string({ minLength: 1, maxLength: 3 })).map(([at, s]) => {
      const i = at % validToken.length;
      return validToken.slice(0, i) + s + validToken.slice(i + 1);
    }),
  );
  const body = fc.oneof(
    fc.constant('List-Unsubscribe=One-Click'),
    fc.string({ maxLength: 300 }),
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
  );
  const contentType = fc.oneof(
    fc.constantFrom('application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain', 'application/json'),
    fc.string({ maxLength: 60 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
  );

  it('never answers a 5xx and never records an opt-out for a token it did not sign', async () => {
    await fc.assert(
      fc.asyncProperty(tokenLike, body, contentType, fc.constantFrom('unsubscribe', 'resubscribe'), async (token, text, type, route) => {
        // Only the real token itself may record anything (even a respelling of its spare bits is refused).
        fc.pre(token !== validToken);
        const res = await fetch(`${base}/${route}/${encodeURIComponent(token)}`, {
          method: 'POST',
          headers: { 'content-type': type },
          body: text,
        });
        await res.arrayBuffer();
        expect(res.status, `${route} ${JSON.stringify(token)}`).toBeLessThan(500);
        expect([400, 404, 413]).toContain(res.status);
      }),
      { numRuns: 400 },
    );
    await nothingChanged();
  }, 60_000);

  it('answers other methods on the routes with a 4xx, never a 5xx, and changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'GET'), tokenLike, async (method, token) => {
        const res = await fetch(`${base}/unsubscribe/${encodeURIComponent(token)}`, { method });
        await res.arrayBuffer();
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 200 },
    );
    // The real token too: GET shows a page, other methods are refused; none records anything.
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
      const res = await fetch(`${base}/unsubscribe/${validToken}`, { method });
      await res.arrayBuffer();
      expect(res.status, method).toBe(method === 'GET' ? 200 : 405);
    }
    await nothingChanged();
  }, 60_000);
});
