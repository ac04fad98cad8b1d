// Rasterising in short-lived worker threads, so the rendering worker's memory is bounded whatever V8's
// garbage collector does. resvg keeps each rendered pixmap (an A3 at 300 dpi: 3508 × 4961 × 4 ≈ 70 MB) in
// native memory until V8 collects the small JS object that wraps it, and nothing tells V8 to hurry: in one
// long-lived process a dozen of them pile up. A thread here renders `rendersPerThread` images and is then
// ended, which frees everything it allocated; its successor starts loading while it encodes its last PNG
// (the step that leaves a core free), so the next render does not wait for it. At most `maxThreads`
// render at once (more callers wait their turn).
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ResvgRenderOptions } from '@resvg/resvg-js';

export interface PngRaster {
  /** The PNG as resvg encodes it. */
  png: Buffer;
  width: number;
  height: number;
}

export interface PngThreadPoolOptions {
  /** Renders at once; more callers wait their turn. */
  maxThreads: number;
  /** Renders a thread does before it is ended (and its native memory freed with it). */
  rendersPerThread: number;
  /** The thread's module (tests point it elsewhere). */
  threadFile?: URL;
}

/** What png-thread.server.mjs answers: `rendered` while it encodes, then the PNG or the error. */
type Reply = { rendered: true } | { png: Uint8Array; width: number; height: number } | { error: { message: string; code?: string } };

interface Thread {
  worker: Worker;
  renders: number;
  /** Exited or failed: never given another render. */
  dead: boolean;
}

const THREAD_FILE = new URL('./png-thread.server.mjs', import.meta.url);

// The thread's JS holds one SVG string and one PNG at a time (the pixmaps are native, outside this limit):
// a heap past this is a fault, reported as a failed render rather than grown into.
const THREAD_HEAP_MB = 64;

export class PngThreadPool {
  readonly stats = { started: 0, retired: 0, peakBusy: 0 };
  private readonly idle: Thread[] = [];
  private readonly waiting: Array<() => void> = [];
  private busy = 0;
  private closed = false;

  constructor(private readonly options: PngThreadPoolOptions) {}

  /**
   * The SVG as a PNG, rendered by resvg in a pool thread; a resvg error rejects with resvg's message and code.
   * With a slot free, the SVG is on its way to the thread before this returns: the caller's own synchronous
   * work that follows (drawing the PDF) does not hold the render back.
   */
  async render(svg: string, options: ResvgRenderOptions): Promise<PngRaster> {
    if (this.closed) throw new Error('the PNG thread pool is closed');
    // release() hands its slot straight to a waiter: busy is unchanged.
    if (!this.tryAcquire()) await new Promise<void>((resolve) => this.waiting.push(resolve));
    const thread = this.idle.pop() ?? this.start();
    // Its last render: the successor loads (tens of ms of CPU) while this one encodes.
    const onRendered = () => {
      if (thread.renders + 1 >= this.options.rendersPerThread && this.idle.length < this.options.maxThreads && !this.closed) {
        this.idle.push(this.start());
      }
    };
    try {
      return await this.run(thread, svg, options, onRendered);
    } finally {
      void this.release(thread);
    }
  }

  /** Ends the idle threads; renders under way finish, and their threads end with them. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.idle.splice(0).map((t) => t.worker.terminate()));
  }

  private start(): Thread {
    // No execArgv: the thread is plain JavaScript and needs neither the TypeScript loader nor the parent's flags.
    const worker = new Worker(this.options.threadFile ?? THREAD_FILE, {
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB },
    });
    const thread: Thread = { worker, renders: 0, dead: false };
    // A thread that fails while idle is dropped; one that fails while rendering is reported by run().
    const drop = () => {
      thread.dead = true;
      const i = this.idle.indexOf(thread);
      if (i >= 0) this.idle.splice(i, 1);
    };
    worker.on('error', drop);
    worker.on('exit', drop);
    // An idle thread does not keep the process alive.
    worker.unref();
    this.stats.started++;
    return thread;
  }

  private run(thread: Thread, svg: string, options: ResvgRenderOptions, onRendered: () => void): Promise<PngRaster> {
    const { worker } = thread;
    return new Promise<PngRaster>((resolve, reject) => {
      const settle = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        worker.unref();
      };
      const onMessage = (reply: Reply) => {
        if ('rendered' in reply) return onRendered();
        settle();
        thread.renders++;
        if ('error' in reply) {
          reject(Object.assign(new Error(reply.error.message), reply.error.code ? { code: reply.error.code } : {}));
        } else {
          const png = Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength);
          resolve({ png, width: reply.width, height: reply.height });
        }
      };
      const onError = (err: Error) => {
        settle();
        thread.dead = true;
        reject(new Error(`the PNG render thread failed: ${err.message}`, { cause: err }));
      };
      const onExit = (code: number) => {
        settle();
        thread.dead = true;
        reject(new Error(`the PNG render thread exited (code ${code}) before its render was done`));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      // Rendering: the thread keeps the process alive until it answers.
      worker.ref();
      worker.postMessage({ svg, options });
    });
  }

  private tryAcquire(): boolean {
    if (this.busy >= this.options.maxThreads) return false;
    this.busy++;
    this.stats.peakBusy = Math.max(this.stats.peakBusy, this.busy);
    return true;
  }

  /** Frees the render's slot, once a spent thread has ended: the next render never overlaps the last one's memory. */
  private async release(thread: Thread): Promise<void> {
    if (thread.dead || thread.renders >= this.options.rendersPerThread) {
      if (!thread.dead) {
        thread.dead = true;
        this.stats.retired++;
        await thread.worker.terminate().catch(() => undefined);
      }
    } else if (this.closed) {
      void thread.worker.terminate();
    } else {
      this.idle.push(thread);
    }
    const next = this.waiting.shift();
    if (next) next();
    else this.busy--;
  }
}

/**
 * The process's pool. Rasterising is CPU-bound, so more renders at once than cores would only add memory;
 * the rendering queue's activity concurrency (RENDER_CONCURRENCY) bounds it further. One render per
 * thread: each pixmap is freed as soon as its PNG is out, at the cost of starting a thread (~40 ms of CPU);
 * two per thread keep a pixmap alive in each, and added ~130 MB to the peak of 20 A3 items rendered 2 at once.
 */
export const pngThreads = new PngThreadPool({ maxThreads: os.availableParallelism(), rendersPerThread: 1 });
