import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { DefaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import {
  ENCRYPTED_ENCODING,
  EncryptionCodec,
  METADATA_KEY_ID,
  keyFingerprint,
  payloadCodecFromEnv,
  payloadFromJson,
  payloadKeysFromEnv,
  payloadToJson,
  temporalDataConverter,
} from '#server/temporal/payload-codec.server.ts';

const converter = new DefaultPayloadConverter();
const key = () => randomBytes(32).toString('base64');
const codecFor = (env: Record<string, string>) => {
  const keys = payloadKeysFromEnv(env);
  assert.ok(keys);
  return new EncryptionCodec(keys);
};
const text = (b: Uint8Array | null | undefined) => new TextDecoder().decode(b ?? new Uint8Array());
const order = { orderNumber: 'ATL-2026-7K3M9Q2B', email: 'ada@example.com', name: 'Ada Lovelace' };

test('a payload round-trips and is unreadable in between', async () => {
  const codec = codecFor({ TEMPORAL_PAYLOAD_KEY: key(), TEMPORAL_PAYLOAD_KEY_ID: 'k1' });
  const payload = converter.toPayload(order);
  const [encoded] = await codec.encode([payload]);
  assert.ok(encoded);
  assert.equal(text(encoded.metadata?.[METADATA_ENCODING_KEY]), ENCRYPTED_ENCODING);
  assert.equal(text(encoded.metadata?.[METADATA_KEY_ID]), 'k1');
  // Neither the email nor the original encoding shows in the stored bytes.
  const stored = Buffer.from(encoded.data ?? new Uint8Array());
  for (const needle of ['ada@example.com', Buffer.from('ada@example.com').toString('base64'), 'json/plain']) {
    assert.equal(stored.includes(needle), false, needle);
  }
  const [decoded] = await codec.decode([encoded]);
  assert.ok(decoded);
  assert.deepEqual(converter.fromPayload(decoded), order);
  assert.equal(text(decoded.metadata?.[METADATA_ENCODING_KEY]), 'json/plain');
});

test('each encryption uses a fresh nonce', async () => {
  const codec = codecFor({ TEMPORAL_PAYLOAD_KEY: key() });
  const payload = converter.toPayload(order);
  const [a, b] = await codec.encode([payload, payload]);
  assert.notDeepEqual(Buffer.from(a!.data!), Buffer.from(b!.data!));
});

test('empty payloads (undefined, binary/null) round-trip', async () => {
  const codec = codecFor({ TEMPORAL_PAYLOAD_KEY: key() });
  const [encoded] = await codec.encode([converter.toPayload(undefined)]);
  const [decoded] = await codec.decode([encoded!]);
  assert.equal(converter.fromPayload(decoded!), undefined);
});

test('tampered ciphertext fails authentication', async () => {
  const codec = codecFor({ TEMPORAL_PAYLOAD_KEY: key() });
  const [encoded] = await codec.encode([converter.toPayload(order)]);
  const data = Buffer.from(encoded!.data!);
  data[20] = data[20]! ^ 0x01;
  await assert.rejects(codec.decode([{ ...encoded, data }]), /failed authentication/);
});

test('a payload relabelled with another key id fails', async () => {
  const old = key();
  const codec = codecFor({ TEMPORAL_PAYLOAD_KEY: old, TEMPORAL_PAYLOAD_KEY_ID: 'a', TEMPORAL_PAYLOAD_OLD_KEYS: `b:${old}` });
  const [encoded] = await codec.encode([converter.toPayload(order)]);
  const relabelled: Payload = { data: encoded!.data, metadata: { ...encoded!.metadata, [METADATA_KEY_ID]: new TextEncoder().encode('b') } };
  await assert.rejects(codec.decode([relabelled]), /failed authentication/);
});

test('payloads that are not encrypted pass through unchanged (histories from before)', async () => {
  const codec = codecFor({ TEMPORAL_PAYLOAD_KEY: key() });
  const plain = converter.toPayload(order);
  const empty: Payload = {};
  const [a, b] = await codec.decode([plain, empty]);
  assert.equal(a, plain);
  assert.equal(b, empty);
});

test('a rotated-out key still decrypts what it wrote', async () => {
  const oldKey = key();
  const before = codecFor({ TEMPORAL_PAYLOAD_KEY: oldKey, TEMPORAL_PAYLOAD_KEY_ID: '2025' });
  const [written] = await before.encode([converter.toPayload(order)]);
  const after = codecFor({ TEMPORAL_PAYLOAD_KEY: key(), TEMPORAL_PAYLOAD_KEY_ID: '2026', TEMPORAL_PAYLOAD_OLD_KEYS: `2025:${oldKey}` });
  const [decoded] = await after.decode([written!]);
  assert.deepEqual(converter.fromPayload(decoded!), order);
  // New payloads use the new key.
  const [fresh] = await after.encode([converter.toPayload(order)]);
  assert.equal(text(fresh!.metadata?.[METADATA_KEY_ID]), '2026');
});

test('old keys without an id are known by their fingerprint (the default id)', async () => {
  const oldKey = key();
  const before = codecFor({ TEMPORAL_PAYLOAD_KEY: oldKey });
  const [written] = await before.encode([converter.toPayload(order)]);
  assert.equal(text(written!.metadata?.[METADATA_KEY_ID]), keyFingerprint(Buffer.from(oldKey, 'base64')));
  const after = codecFor({ TEMPORAL_PAYLOAD_KEY: key(), TEMPORAL_PAYLOAD_OLD_KEYS: ` ${oldKey} ` });
  assert.deepEqual(converter.fromPayload((await after.decode([written!]))[0]!), order);
});

test('an unknown key id or the wrong key fails with a clear message', async () => {
  const writer = codecFor({ TEMPORAL_PAYLOAD_KEY: key(), TEMPORAL_PAYLOAD_KEY_ID: 'k1' });
  const [written] = await writer.encode([converter.toPayload(order)]);
  const stranger = codecFor({ TEMPORAL_PAYLOAD_KEY: key(), TEMPORAL_PAYLOAD_KEY_ID: 'k2' });
  await assert.rejects(
    stranger.decode([written!]),
    /uses key "k1", which is neither TEMPORAL_PAYLOAD_KEY \(k2\) nor in TEMPORAL_PAYLOAD_OLD_KEYS/,
  );
  const sameIdOtherKey = codecFor({ TEMPORAL_PAYLOAD_KEY: key(), TEMPORAL_PAYLOAD_KEY_ID: 'k1' });
  await assert.rejects(sameIdOtherKey.decode([written!]), /failed authentication with key "k1"/);
});

test('configuration: off without a key, clear errors for bad keys', () => {
  assert.equal(temporalDataConverter({}), undefined);
  assert.equal(temporalDataConverter({ TEMPORAL_PAYLOAD_KEY: '  ' }), undefined);
  assert.ok(temporalDataConverter({ TEMPORAL_PAYLOAD_KEY: key() })?.payloadCodecs?.length === 1);
  assert.throws(
    () => payloadKeysFromEnv({ TEMPORAL_PAYLOAD_KEY: Buffer.from('short').toString('base64') }),
    /TEMPORAL_PAYLOAD_KEY must be 32 random bytes/,
  );
  assert.throws(() => payloadKeysFromEnv({ TEMPORAL_PAYLOAD_KEY: key(), TEMPORAL_PAYLOAD_OLD_KEYS: 'x:abc' }), /TEMPORAL_PAYLOAD_OLD_KEYS/);
});

test('one codec per distinct settings (the client, the workers and the codec endpoint share it); payloads to JSON and back', () => {
  const settings = { TEMPORAL_PAYLOAD_KEY: key(), TEMPORAL_PAYLOAD_KEY_ID: 'k1' };
  const codec = payloadCodecFromEnv(settings);
  assert.ok(codec);
  assert.equal(payloadCodecFromEnv({ ...settings }), codec);
  assert.equal(temporalDataConverter(settings)?.payloadCodecs?.[0], codec);
  assert.notEqual(payloadCodecFromEnv({ ...settings, TEMPORAL_PAYLOAD_KEY_ID: 'k2' }), codec);
  assert.equal(payloadCodecFromEnv({}), null);
  const payload = converter.toPayload(order);
  const json = payloadToJson(payload);
  assert.equal(json.metadata[METADATA_ENCODING_KEY], Buffer.from('json/plain').toString('base64'));
  assert.deepEqual(JSON.parse(Buffer.from(json.data, 'base64').toString()), order);
  assert.deepEqual(payloadFromJson(json), payload);
});
