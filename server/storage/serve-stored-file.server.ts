// A stored file as the answer to GET or HEAD: a redirect to a short-lived storage URL where the storage gives one
// (S3), otherwise the bytes streamed by this server, with their length. Behind every signed link to a file.
import { createReadableStreamFromReadable } from '@remix-run/node';
import type { FileStorage } from './storage.server.ts';

export async function serveStoredFile(
  storage: FileStorage,
  key: string,
  opts: {
    method: string;
    fileName: string;
    contentType: string;
    headers: Record<string, string>;
    /** The answer when the file is not in storage. */
    missing: () => Response;
    /** Called once a GET is answered with the file (a count, say); never for HEAD. */
    onServed?: () => Promise<unknown>;
  },
): Promise<Response> {
  const direct = await storage.presignedUrl(key, { fileName: opts.fileName, contentType: opts.contentType, expiresInSeconds: 300 });
  if (direct) {
    if (opts.method === 'GET') await opts.onServed?.();
    return new Response(null, { status: 302, headers: { Location: direct, 'Cache-Control': 'no-store' } });
  }
  if (opts.method === 'HEAD') {
    const stat = await storage.stat(key);
    if (!stat) return opts.missing();
    return new Response(null, { status: 200, headers: { ...opts.headers, 'Content-Length': String(stat.size) } });
  }
  const file = await storage.open(key);
  if (!file) return opts.missing();
  await opts.onServed?.();
  return new Response(createReadableStreamFromReadable(file.stream), {
    status: 200,
    headers: { ...opts.headers, 'Content-Length': String(file.size) },
  });
}
