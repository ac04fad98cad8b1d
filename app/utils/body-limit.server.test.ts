import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { after, before, beforeEach, test } from 'node:test';
import express from 'express';
import { BODY_LIMITS, bodyLimit, countedBodyOf } from './body-limit.server.ts';
import type { RequestRouteOf } from './route-match.server.ts';

// Routes as route-match.server.ts would name them: /webhooks/stripe is the Stripe webhook, the rest a form.
const routeOf: RequestRouteOf = (req) => ({
  routeId: req.path === '/webhooks/stripe' ? 'routes/webhooks.stripe' : 'routes/login',
  params: {},
});

/** What the handler behind the limit got to read: the whole body, or the error that stopped it. */
let reads: Array<{ path: string; bytes?: number; error?: string }> = [];
let port = 0;
let close: () => Promise<void>;

before(async () => {
  const app = express();
  app.use(bodyLimit(routeOf));
  app.post('/ignore', (_req, res) => {
    res.type('text/plain').send('ignored');
  });
  app.post('*', async (req, res) => {
    const counted = countedBodyOf(req);
    assert.ok(counted, 'a POST has a counted body');
    try {
      const body = await new Response(counted.stream).arrayBuffer();
      reads.push({ path: req.path, bytes: body.byteLength });
      if (!res.headersSent) res.type('text/plain').send(`read ${body.byteLength}`);
    } catch (error) {
      reads.push({ path: req.path, error: error instanceof Error ? error.name : String(error) });
    }
  });
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
  close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
});
after(() => close());
beforeEach(() => {
  reads = [];
});

/**
 * Sends a chunked POST over a raw socket, a chunk at a time, and stops sending as soon as an answer
 * arrives. Resolves with the answer's head and how many body bytes had been sent by then; the final
 * zero-length chunk is only sent when `finish` is true and nothing was answered before.
 */
function chunkedPost(
  path: string,
  chunks: number,
  chunkBytes: number,
  finish = false,
): Promise<{ head: string; sent: number; finished: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    let finished = false;
    let answered = false;
    socket.on('data', (data) => {
      answer += data.toString('latin1');
      if (!answered && answer.includes('\r\n\r\n')) {
        answered = true;
        resolve({ head: answer.slice(0, answer.indexOf('\r\n\r\n')), sent, finished });
        socket.destroy();
      }
    });
    socket.on('error', (error) => {
      if (!answered) reject(error);
    });
    socket.on('connect', async () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n`,
      );
      const chunk = Buffer.alloc(chunkBytes, 'x');
      for (let i = 0; i < chunks && !answered; i++) {
        socket.write(`${chunkBytes.toString(16)}\r\n`);
        socket.write(chunk);
        socket.write('\r\n');
        sent += chunkBytes;
        // Give the server time to read and answer, as a slow uploader would.
        await new Promise((r) => setTimeout(r, 20));
      }
      if (finish && !answered) {
        finished = true;
        socket.write('0\r\n\r\n');
      }
    });
  });
}

test('a chunked form body past the limit is answered 413 before it is all sent, and the handler never sees a whole body', async () => {
  // 3 MB offered in 64 KB chunks: the limit (256 KB) is passed at the fifth.
  const { head, sent, finished } = await chunkedPost('/login', 48, 64 * 1024);
  assert.match(head, /^HTTP\/1\.1 413 /);
  assert.equal(finished, false, 'the body never ended');
  assert.ok(sent < 3 * 1024 * 1024, `answered after ${sent} bytes, before the 3 MB were sent`);
  assert.ok(sent <= BODY_LIMITS.form + 4 * 64 * 1024, `answered soon after the limit (${sent} bytes sent)`);
  await waitForRead();
  assert.deepEqual(reads, [{ path: '/login', error: 'RequestBodyTooLargeError' }]);
});

test('the webhook routes get their own, larger limit, counted the same way', async () => {
  const { head, sent } = await chunkedPost('/webhooks/stripe', 48, 64 * 1024);
  assert.match(head, /^HTTP\/1\.1 413 /);
  assert.ok(sent > BODY_LIMITS.form && sent < 3 * 1024 * 1024, `${sent} bytes sent`);
  await waitForRead();
  assert.deepEqual(reads, [{ path: '/webhooks/stripe', error: 'RequestBodyTooLargeError' }]);
});

test('a chunked body within the limit reaches the handler whole', async () => {
  const { head } = await chunkedPost('/login', 3, 10 * 1024, true);
  assert.match(head, /^HTTP\/1\.1 200 /);
  assert.deepEqual(reads, [{ path: '/login', bytes: 30 * 1024 }]);
});

test('a declared Content-Length past the limit is refused before any of the body is read', async () => {
  const res = await fetch(`http://127.0.0.1:${port}/login`, {
    method: 'POST',
    body: 'x'.repeat(BODY_LIMITS.form + 1),
    headers: { 'Content-Type': 'text/plain' },
  });
  assert.equal(res.status, 413);
  assert.deepEqual(reads, []);
});

async function waitForRead() {
  for (let i = 0; i < 100 && reads.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
}

test('an answer given without reading the body leaves the connection usable', { timeout: 10_000 }, async () => {
  // A keep-alive connection: a POST whose handler answers without reading, then a second request on it.
  const answers = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d) => {
      text += d.toString('latin1');
      if ((text.match(/HTTP\/1\.1 /g) ?? []).length === 2 && text.endsWith('read 0')) {
        socket.destroy();
        resolve(text);
      }
    });
    socket.on('error', reject);
    socket.on('connect', () => {
      const body = 'x'.repeat(200 * 1024);
      socket.write(`POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      socket.write(`POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`);
    });
  });
  assert.match(answers, /ignored/);
  assert.match(answers, /read 0$/);
});
