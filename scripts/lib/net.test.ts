// getFreePort: ports a server can listen on, never twice, and outside the range the OS hands to outgoing connections.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import { test } from 'node:test';
import { getFreePort } from './net.ts';

const listen = (port: number) =>
  new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port }, () => resolve(server));
  });

test('free ports are distinct, listenable and below the ephemeral range', async () => {
  const [low] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
  const ports = await Promise.all(Array.from({ length: 40 }, () => getFreePort()));
  assert.equal(new Set(ports).size, ports.length, 'no port handed out twice');
  for (const port of ports) {
    assert.ok(port >= 10_000 && port < (low ?? 32768), `${port} is outside the ephemeral range`);
  }
  const servers = await Promise.all(ports.map(listen));
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});
