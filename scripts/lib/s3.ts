// An S3-compatible server (gofakes3) for tests: files in a folder, served over the S3 HTTP API.

import fs from 'node:fs';
import { findTool } from '../tools.mjs';
import { getFreePort, waitForPort } from './net.ts';
import type { ProcessOptions } from './process-child.ts';
import type { ProcessGroup } from './process-group.ts';

export interface S3Server {
  endpoint: string;
  bucket: string;
  dir: string;
  name: string;
}

/**
 * gofakes3 on a free port, keeping its buckets in `dir` (filesystem backend), with `bucket` created.
 * Speaks the S3 HTTP API (PUT/GET/HEAD/DELETE objects, pre-signed GETs); it does not check signatures.
 */
export async function startS3Server(opts: {
  group: ProcessGroup;
  dir: string;
  bucket?: string;
  name?: string;
  processOptions?: ProcessOptions;
}): Promise<S3Server> {
  const bin = findTool('gofakes3');
  if (!bin) {
    throw new Error(
      'gofakes3 was not found (PATH, .tools/bin, $(go env GOPATH)/bin). Run `npm run setup` (it installs it with `go install github.com/johannesboyne/gofakes3/cmd/gofakes3@v1.2.0`).',
    );
  }
  const port = await getFreePort();
  const bucket = opts.bucket ?? 'atelier-files';
  const name = opts.name ?? 's3';
  fs.mkdirSync(opts.dir, { recursive: true });
  opts.group.add(
    name,
    bin,
    ['-backend', 'fs', '-fs.path', opts.dir, '-fs.create', '-initialbucket', bucket, '-host', `127.0.0.1:${port}`],
    { ...opts.processOptions, infra: true },
  );
  await waitForPort('127.0.0.1', port, 30_000, { group: opts.group, name, what: 'gofakes3' });
  return { endpoint: `http://127.0.0.1:${port}`, bucket, dir: opts.dir, name };
}
