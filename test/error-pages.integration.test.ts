// Requests that fail before Remix can answer them — a malformed escape in the path, an absolute-URI
// request target — get a plain answer with the status and nothing else, with NODE_ENV=development as
// with production: Express's default error page shows the stack and the server's file paths in every
// mode but production. Two web servers (one per mode) share one Temporal dev server; no workers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { ProcessGroup } from '../scripts/lib/process-group.ts';
import { startStack, type Stack } from '../scripts/lib/stack.ts';

const group = new ProcessGroup();
const stacks: Partial<Record<'development' | 'production', Stack>> = {};

before(async () => {
  stacks.production = await startStack({ name: 'error-pages-production', group, workers: false });
  stacks.development = await startStack({
    name: 'error-pages-development',
    group,
    workers: false,
    temporal: stacks.production.temporal,
    env: { NODE_ENV: 'development' },
  });
});
after(async () => {
  await group.stopAll();
});

/** A request written by hand, so the request target can be anything; the whole answer, as text. */
function rawRequest(port: number, requestLine: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () =>
      socket.write(`${requestLine}\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`),
    );
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

/** A stack frame, a file path of the server, Express's HTML error page, an error's name. */
const STACK_OR_PATHS = /\bat [^\n]+[(/]|node_modules|\/work\/|<pre>|Error\b/;

for (const mode of ['development', 'production'] as const) {
  describe(`NODE_ENV=${mode}`, () => {
    test('a path with a malformed escape: 400, plain text, no stack', async () => {
      const res = await fetch(`${stacks[mode]!.baseUrl}/products/%E0%A4%A`);
      assert.equal(res.status, 400);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
      const body = await res.text();
      assert.doesNotMatch(body, STACK_OR_PATHS, body);
      assert.equal(body.trim(), '400 Bad Request');
    });

    test('an absolute-URI request target: 400, plain text, no stack', async () => {
      const answer = await rawRequest(stacks[mode]!.port, `GET http://127.0.0.1:${stacks[mode]!.port}/products/night-sky-poster HTTP/1.1`);
      assert.match(answer, /^HTTP\/1\.1 400 /);
      assert.doesNotMatch(answer, STACK_OR_PATHS, answer);
      assert.match(answer, /\r\n\r\n400 Bad Request\n$/);
    });

    test('the security headers are on these answers too', async () => {
      const res = await fetch(`${stacks[mode]!.baseUrl}/products/%E0%A4%A`);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
      assert.ok(res.headers.get('x-request-id'), 'the request id the log line carries');
    });
  });
}
