// The PNG thread pool: the same bytes as rendering in this process, threads ended after their renders
// (their native memory with them), no more renders at once than asked, and failures reported as resvg
// reports them in this process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderAsync } from '@resvg/resvg-js';
import { SAMPLE_PERSONALISATION } from '#core/design/themes.ts';
import { renderPng, renderPrintFiles } from '#server/rendering/print-files.server.ts';
import { PngThreadPool } from '#server/rendering/png-threads.server.ts';

const svgOf = (fill: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"><rect width="120" height="80" fill="${fill}"/><circle cx="60" cy="40" r="30" fill="#fff" fill-opacity="0.5"/></svg>`;

async function inProcess(svg: string): Promise<Buffer> {
  return (await renderAsync(svg)).asPng();
}

test('the A3 PNG of renderPrintFiles, rendered in a pool thread, is byte for byte the one rendered in this process', async () => {
  const [files, here] = await Promise.all([
    renderPrintFiles(SAMPLE_PERSONALISATION, 'A3', { kinds: ['png'] }),
    renderPng(SAMPLE_PERSONALISATION, 'A3'),
  ]);
  assert.deepEqual([files.png!.width, files.png!.height], [here.width, here.height]);
  assert.ok(files.png!.bytes.equals(here.bytes), 'identical PNG bytes');
  assert.equal(files.pdf, undefined);
});

test('a thread is ended after its renders and replaced, and every render still gives the same bytes', async () => {
  const pool = new PngThreadPool({ maxThreads: 1, rendersPerThread: 2 });
  try {
    const colours = ['#123456', '#abcdef', '#0f1b2d', '#f4efe4', '#800000'];
    for (const fill of colours) {
      const out = await pool.render(svgOf(fill), {});
      assert.deepEqual([out.width, out.height], [120, 80]);
      assert.ok(out.png.equals(await inProcess(svgOf(fill))), `same bytes for ${fill}`);
    }
    // Five renders, two a thread: three threads did them and the first two were ended.
    assert.equal(pool.stats.retired, 2);
    assert.equal(pool.stats.started, 3);
  } finally {
    await pool.close();
  }
});

test('no more renders at once than maxThreads; the others wait their turn', async () => {
  const pool = new PngThreadPool({ maxThreads: 2, rendersPerThread: 1 });
  try {
    const outs = await Promise.all(['#111111', '#222222', '#333333', '#444444', '#555555'].map((fill) => pool.render(svgOf(fill), {})));
    assert.equal(outs.length, 5);
    assert.equal(pool.stats.peakBusy, 2);
    assert.equal(pool.stats.retired, 5);
  } finally {
    await pool.close();
  }
});

test('a render resvg refuses fails with the message and code resvg gives in this process, and the pool goes on', async () => {
  const pool = new PngThreadPool({ maxThreads: 1, rendersPerThread: 5 });
  try {
    const bad = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><g></svg>';
    const expected = await renderAsync(bad).then(
      () => assert.fail('resvg accepted a broken SVG'),
      (err: unknown) => err as Error & { code?: string },
    );
    await assert.rejects(pool.render(bad, {}), (err: unknown) => {
      assert.ok(err instanceof Error);
      assert.equal(err.message, expected.message);
      assert.equal((err as Error & { code?: string }).code, expected.code);
      return true;
    });
    const ok = await pool.render(svgOf('#123456'), {});
    assert.ok(ok.png.equals(await inProcess(svgOf('#123456'))));
  } finally {
    await pool.close();
  }
});

test('a thread that dies mid-render fails that render only; the next render gets a new thread', async () => {
  // A thread module that exits on its first message.
  const dying = new URL(
    `data:text/javascript,${encodeURIComponent("import { parentPort } from 'node:worker_threads'; parentPort.on('message', () => process.exit(3));")}`,
  );
  const pool = new PngThreadPool({ maxThreads: 1, rendersPerThread: 5, threadFile: dying });
  try {
    await assert.rejects(pool.render(svgOf('#123456'), {}), /exited \(code 3\)/);
    await assert.rejects(pool.render(svgOf('#123456'), {}), /exited \(code 3\)/);
    assert.equal(pool.stats.started, 2, 'a new thread for the render after the failure');
  } finally {
    await pool.close();
  }
});
