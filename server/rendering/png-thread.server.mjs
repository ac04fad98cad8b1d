// One thread of PngThreadPool (png-threads.server.ts): rasterises each SVG it is sent with resvg and posts
// the PNG back, saying `rendered` in between (the pool starts this thread's successor while it encodes).
// resvg's pixmaps live in native memory that is freed only when V8 collects their wrappers, which a
// thread this idle rarely does; the pool ends the thread instead, and its pixmaps go with it.
// Plain JavaScript, so that a thread loads without the TypeScript loader (and starts in tens of ms).
import { parentPort } from 'node:worker_threads';
import { renderAsync } from '@resvg/resvg-js';

/**
 * @param {{ svg: string; options: import('@resvg/resvg-js').ResvgRenderOptions }} job
 * @returns {Promise<{ png: Buffer; width: number; height: number } | { error: { message: string; code?: string } }>} after `{ rendered: true }`
 */
async function rasterise({ svg, options }) {
  try {
    const image = await renderAsync(svg, options);
    parentPort?.postMessage({ rendered: true });
    return { png: image.asPng(), width: image.width, height: image.height };
  } catch (err) {
    const e = /** @type {{ message?: unknown; code?: unknown }} */ (err ?? {});
    return { error: { message: String(e.message ?? err), code: typeof e.code === 'string' ? e.code : undefined } };
  }
}

parentPort?.on('message', (job) => {
  void rasterise(job).then((reply) => parentPort?.postMessage(reply));
});
