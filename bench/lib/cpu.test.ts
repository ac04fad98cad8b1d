// The worker's CPU split by kind of thread: read from /proc/<pid>/task, each thread counted once under its kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { threadCpuSeconds, threadKind } from './cpu.ts';

test('threads are told apart by id and name', () => {
  assert.equal(threadKind(100, 100, 'node'), 'main thread');
  assert.equal(threadKind(100, 107, 'tokio-runtime-w'), 'Temporal core');
  assert.equal(threadKind(100, 108, 'node'), 'other threads');
  assert.equal(threadKind(100, 109, 'libuv-worker'), 'other threads');
});

test('busy work lands on the thread that did it', { skip: process.platform !== 'linux' }, async () => {
  // Spins until the process has used this much CPU, not this much wall time: on a busy machine a thread that spins for
  // 300 ms of wall time may get far less of a core. Self-contained, so the worker thread below runs its source too.
  function spin(ms: number) {
    const start = process.cpuUsage();
    const deadline = performance.now() + 20_000;
    while (performance.now() < deadline) {
      const used = process.cpuUsage(start);
      if ((used.user + used.system) / 1000 >= ms) break;
    }
  }
  const before = threadCpuSeconds([process.pid]);
  spin(300);
  const afterMain = threadCpuSeconds([process.pid]);
  assert.ok(afterMain['main thread'] - before['main thread'] >= 0.2, `main thread ${JSON.stringify({ before, afterMain })}`);
  // A worker thread that spins is "other threads", and the main thread waiting for it adds almost nothing.
  const worker = new Worker(`(${spin.toString()})(300); require("node:worker_threads").parentPort.postMessage("done");`, {
    eval: true,
  });
  await new Promise((resolve) => worker.once('message', resolve));
  const afterWorker = threadCpuSeconds([process.pid]);
  await worker.terminate();
  assert.ok(
    afterWorker['other threads'] - afterMain['other threads'] >= 0.2,
    `other threads ${JSON.stringify({ afterMain, afterWorker })}`,
  );
  assert.ok(
    afterWorker['main thread'] - afterMain['main thread'] < 0.2,
    `main thread while waiting ${JSON.stringify({ afterMain, afterWorker })}`,
  );
});
