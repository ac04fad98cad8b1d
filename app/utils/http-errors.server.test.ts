import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { after, before, test } from 'node:test';
import express from 'express';
import { plainErrorAnswer, requireOriginForm, statusOf } from './http-errors.server.ts';

let port = 0;
let close: () => Promise<void>;
const env = process.env.NODE_ENV;

before(async () => {
  // Express's own error page shows the stack in every mode but production: this one never does.
  process.env.NODE_ENV = 'development';
  const app = express();
  app.set('env', 'development');
  app.use(requireOriginForm());
  app.get('/boom', () => {
    throw new Error('secret detail at /srv/atelier/app/routes/boom.ts:12');
  });
  app.all('*', (_req, res) => res.send('page'));
  app.use(plainErrorAnswer());
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
after(async () => {
  process.env.NODE_ENV = env;
  await close();
});

/** A request written by hand, so the request target can be anything. */
function raw(requestLine: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () =>
      socket.write(`${requestLine}\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`),
    );
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

const STACK = /at .+\(|node_modules|\/srv\/|Error:|<pre>/;

test('a malformed escape in the path: 400 in plain text, no stack', async () => {
  const res = await fetch(`http://127.0.0.1:${port}/products/%E0%A4%A`);
  assert.equal(res.status, 400);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
  const body = await res.text();
  assert.equal(body, '400 Bad Request\n');
});

test('an error thrown by a handler: 500 in plain text, no stack, no detail', async () => {
  const res = await fetch(`http://127.0.0.1:${port}/boom`);
  assert.equal(res.status, 500);
  const body = await res.text();
  assert.equal(body, '500 Internal Server Error\n');
  assert.doesNotMatch(body, STACK);
});

test('an absolute-URI request target is answered 400, plainly', async () => {
  const answer = await raw(`GET http://127.0.0.1:${port}/ HTTP/1.1`);
  assert.match(answer, /^HTTP\/1\.1 400 /);
  assert.doesNotMatch(answer, STACK);
  assert.match(await raw('GET / HTTP/1.1'), /^HTTP\/1\.1 200 /, 'origin-form targets pass');
});

test('statusOf keeps the error statuses Express and http-errors set, and nothing else', () => {
  assert.equal(statusOf(Object.assign(new Error('x'), { status: 400 })), 400);
  assert.equal(statusOf(Object.assign(new Error('x'), { statusCode: 413 })), 413);
  assert.equal(statusOf(Object.assign(new Error('x'), { status: 302 })), 500);
  assert.equal(statusOf('a string'), 500);
});
