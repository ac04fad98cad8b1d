// Both storage implementations through the same interface: the local folder, and S3 against a real
// S3-compatible server (gofakes3, installed by `npm run setup`), pre-signed links included.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ProcessGroup } from '../../scripts/lib/process-group.ts';
import { startS3Server, type S3Server } from '../../scripts/lib/s3.ts';
import {
  LocalStorage,
  S3Storage,
  assertStorageKey,
  contentDisposition,
  createStorage,
  type FileStorage,
} from '#server/storage/storage.server.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

/** What every implementation must do. */
function contract(name: string, make: () => FileStorage) {
  describe(`${name} storage`, () => {
    test('put then open returns the same bytes, size and checksum; stat and delete', async () => {
      const storage = make();
      const body = Buffer.from(`print ${Math.random()}`.repeat(1000));
      const key = `orders/ATL-2026-TEST${name.length}/1/poster-a3.png`;
      const stored = await storage.put(key, body, 'image/png');
      assert.deepEqual(stored, { size: body.length, checksum: sha256(body) });
      assert.deepEqual(await storage.stat(key), { size: body.length });
      const opened = await storage.open(key);
      assert.ok(opened);
      assert.equal(opened.size, body.length);
      assert.ok((await readAll(opened.stream)).equals(body));
      // Replacing keeps one file with the new bytes.
      const again = Buffer.from('second version');
      await storage.put(key, again, 'image/png');
      assert.ok((await readAll((await storage.open(key))!.stream)).equals(again));
      await storage.delete(key);
      assert.equal(await storage.stat(key), null);
      assert.equal(await storage.open(key), null);
    });

    test('keys that could escape the storage are refused', async () => {
      const storage = make();
      for (const bad of ['../etc/passwd', '/abs/path', 'a/../b', 'a//b', '', 'a/./b', 'x'.repeat(501)]) {
        await assert.rejects(storage.put(bad, Buffer.from('x'), 'text/plain'), /invalid storage key/, bad);
      }
    });
  });
}

const localRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-storage-'));
contract('local', () => new LocalStorage(localRoot));

test('local storage writes aside and renames: no temporary files are left, and links are served by the app', async () => {
  const storage = new LocalStorage(localRoot);
  await storage.put('orders/ATL-2026-AAAAAAAA/2/file.pdf', Buffer.from('%PDF-1.4'), 'application/pdf');
  const files = fs.readdirSync(path.join(localRoot, 'orders', 'ATL-2026-AAAAAAAA', '2'));
  assert.deepEqual(files, ['file.pdf']);
  assert.equal(await storage.presignedUrl(), null);
});

let group: ProcessGroup;
let s3: S3Server;
before(async () => {
  group = new ProcessGroup();
  s3 = await startS3Server({ group, dir: fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-s3-')), processOptions: { silent: true } });
});
after(async () => {
  await group?.stopAll();
  fs.rmSync(localRoot, { recursive: true, force: true });
});

const s3Storage = () =>
  new S3Storage({
    bucket: s3.bucket,
    region: 'us-east-1',
    endpoint: s3.endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
contract('s3', s3Storage);

test('S3: a pre-signed GET link fetches the file without credentials, and expires in the URL', async () => {
  const storage = s3Storage();
  const body = Buffer.from('pre-signed bytes');
  await storage.put('orders/ATL-2026-S3S3S3S3/7/poster.png', body, 'image/png');
  const url = await storage.presignedUrl('orders/ATL-2026-S3S3S3S3/7/poster.png', {
    fileName: 'Night sky – A3.png',
    contentType: 'image/png',
    expiresInSeconds: 300,
  });
  const u = new URL(url);
  assert.equal(u.origin, s3.endpoint);
  assert.equal(u.searchParams.get('X-Amz-Expires'), '300');
  assert.ok(u.searchParams.get('X-Amz-Signature'));
  assert.equal(u.searchParams.get('response-content-disposition'), contentDisposition('Night sky – A3.png'));
  const res = await fetch(url);
  assert.equal(res.status, 200);
  assert.ok(Buffer.from(await res.arrayBuffer()).equals(body));
});

test('createStorage picks S3 when S3_BUCKET is set, else the folder', () => {
  assert.equal(
    createStorage({ STORAGE_DIR: localRoot, S3_BUCKET: undefined, S3_REGION: 'us-east-1', S3_ENDPOINT: undefined }).kind,
    'local',
  );
  const chosen = createStorage(
    { STORAGE_DIR: localRoot, S3_BUCKET: 'b', S3_REGION: 'eu-west-1', S3_ENDPOINT: s3.endpoint },
    { ...process.env, AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' },
  );
  assert.equal(chosen.kind, 's3');
});

test('keys and Content-Disposition', () => {
  assert.doesNotThrow(() => assertStorageKey('orders/ATL-2026-ABCDEFGH/12/night-sky-poster-a3.png'));
  assert.equal(
    contentDisposition('Nuit étoilée "A3".png'),
    `attachment; filename="Nuit _toil_e _A3_.png"; filename*=UTF-8''Nuit%20%C3%A9toil%C3%A9e%20%22A3%22.png`,
  );
});
