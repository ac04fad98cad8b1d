// Where rendered files live: a local folder (default, STORAGE_DIR) or an S3-compatible bucket (S3_BUCKET).
// Keys are ours (`orders/<orderNumber>/…`) and never reach a browser; links go through /files/:token.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Env } from '#server/env.server.ts';

export interface StoredFile {
  size: number;
  /** SHA-256 of the bytes, hex. */
  checksum: string;
}

export interface FileStorage {
  readonly kind: 'local' | 's3';
  /** Writes the whole file (replacing any with the same key) and reports what was written. */
  put(key: string, body: Buffer, contentType: string): Promise<StoredFile>;
  /** Size of the stored file, or null when there is none. */
  stat(key: string): Promise<{ size: number } | null>;
  /** The bytes as a stream, or null when there is no such file. */
  open(key: string): Promise<{ stream: Readable; size: number } | null>;
  delete(key: string): Promise<void>;
  /**
   * A short-lived URL the browser can fetch the file from directly (S3 pre-signed GET), or null when the
   * bytes are served by /files/:token itself (local storage).
   */
  presignedUrl(key: string, opts: { fileName: string; contentType: string; expiresInSeconds: number }): Promise<string | null>;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

/** Keys are relative paths of safe segments: no `..`, no absolute paths, no surprises on any backend. */
export function assertStorageKey(key: string): void {
  if (!KEY.test(key) || key.split('/').some((s) => s === '..' || s === '.') || key.length > 500) {
    throw new Error(`invalid storage key ${JSON.stringify(key)}`);
  }
}

const sha256 = (body: Buffer) => createHash('sha256').update(body).digest('hex');

/** `attachment; filename="…"; filename*=UTF-8''…` — plain ASCII for old clients, the real name for the rest. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export class LocalStorage implements FileStorage {
  readonly kind = 'local' as const;
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathOf(key: string): string {
    assertStorageKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, body: Buffer, _contentType?: string): Promise<StoredFile> {
    const file = this.pathOf(key);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    // Written aside and renamed: a reader sees the old file or the new one, never half of one.
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      const handle = await fs.promises.open(tmp, 'w', 0o640);
      try {
        await handle.writeFile(body);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.promises.rename(tmp, file);
    } catch (err) {
      await fs.promises.rm(tmp, { force: true });
      throw err;
    }
    return { size: body.length, checksum: sha256(body) };
  }

  async stat(key: string): Promise<{ size: number } | null> {
    const s = await fs.promises.stat(this.pathOf(key)).catch(() => null);
    return s?.isFile() ? { size: s.size } : null;
  }

  async open(key: string): Promise<{ stream: Readable; size: number } | null> {
    const file = this.pathOf(key);
    // Opened first, then measured: the size is that of the file being streamed, even if it is replaced meanwhile.
    const handle = await fs.promises.open(file, 'r').catch(() => null);
    if (!handle) return null;
    const s = await handle.stat();
    if (!s.isFile()) {
      await handle.close();
      return null;
    }
    return { stream: handle.createReadStream(), size: s.size };
  }

  async delete(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }

  async presignedUrl(): Promise<null> {
    return null;
  }
}

export interface S3StorageOptions {
  bucket: string;
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Path-style URLs (bucket in the path): what MinIO and most S3-compatible servers expect. */
  forcePathStyle?: boolean;
}

export class S3Storage implements FileStorage {
  readonly kind = 's3' as const;
  readonly client: S3Client;
  readonly bucket: string;

  constructor(opts: S3StorageOptions) {
    this.bucket = opts.bucket;
    this.client = new S3Client({
      region: opts.region,
      endpoint: opts.endpoint,
      forcePathStyle: opts.forcePathStyle ?? !!opts.endpoint,
      credentials: opts.credentials,
      // Checksums only where S3 requires them: S3-compatible servers differ in the newer ones.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, body: Buffer, contentType: string): Promise<StoredFile> {
    assertStorageKey(key);
    const checksum = sha256(body);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ContentLength: body.length,
        ContentMD5: createHash('md5').update(body).digest('base64'),
        Metadata: { sha256: checksum },
      }),
    );
    return { size: body.length, checksum };
  }

  async stat(key: string): Promise<{ size: number } | null> {
    assertStorageKey(key);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: head.ContentLength ?? 0 };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async open(key: string): Promise<{ stream: Readable; size: number } | null> {
    assertStorageKey(key);
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!(res.Body instanceof Readable)) throw new Error('S3 answered without a body stream');
      return { stream: res.Body, size: res.ContentLength ?? 0 };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    assertStorageKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async presignedUrl(key: string, opts: { fileName: string; contentType: string; expiresInSeconds: number }): Promise<string> {
    assertStorageKey(key);
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentDisposition: contentDisposition(opts.fileName),
      ResponseContentType: opts.contentType,
    });
    return getSignedUrl(this.client, command, { expiresIn: Math.max(1, Math.floor(opts.expiresInSeconds)) });
  }
}

function isNotFound(err: unknown): boolean {
  if (err instanceof NotFound) return true;
  if (err instanceof S3ServiceException) return err.$metadata.httpStatusCode === 404 || err.name === 'NoSuchKey' || err.name === 'NotFound';
  return false;
}

/** The storage the environment asks for: S3 when S3_BUCKET is set, else the STORAGE_DIR folder. */
export function createStorage(
  env: Pick<Env, 'STORAGE_DIR' | 'S3_BUCKET' | 'S3_REGION' | 'S3_ENDPOINT'>,
  source: NodeJS.ProcessEnv = process.env,
): FileStorage {
  if (env.S3_BUCKET) {
    const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = source;
    return new S3Storage({
      bucket: env.S3_BUCKET,
      region: env.S3_REGION,
      endpoint: env.S3_ENDPOINT,
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    });
  }
  return new LocalStorage(env.STORAGE_DIR);
}

let storage: FileStorage | undefined;
/** One storage per process. */
export function getStorage(env: Parameters<typeof createStorage>[0]): FileStorage {
  storage ??= createStorage(env);
  return storage;
}
