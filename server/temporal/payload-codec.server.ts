// Customer data in Temporal: every payload (workflow and activity inputs and results, signals,
// updates, queries, memos, failures' details) is encrypted with AES-256-GCM before it leaves the
// client or the worker, so the history at rest holds only ciphertext. Modelled on Temporal's
// encryption sample (samples-typescript/encryption): encoding `binary/encrypted` and the key id in
// the payload's metadata, so keys can rotate — new payloads use the current key, older ones are
// decrypted with the key their metadata names. Search attributes are not payloads the codec sees
// (the server indexes them), see README "Customer data in Temporal".
//
// The codec runs in the client and in the worker's main thread, never inside the workflow sandbox,
// so node:crypto is fine here.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, ValueError, type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';
const CIPHER = 'aes-256-gcm';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

const utf8 = (s: string) => new TextEncoder().encode(s);
const fromUtf8 = (b: Uint8Array) => new TextDecoder().decode(b);

/** A payload in JSON: metadata values and data in base64 (Temporal's remote codec protocol, the CLI's output). */
export interface JsonPayload {
  metadata: Record<string, string>;
  data: string;
}

export const payloadToJson = ({ metadata, data }: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(data ?? new Uint8Array()).toString('base64'),
});

export const payloadFromJson = ({ metadata, data }: { metadata?: Record<string, string> | null; data?: string | null }): Payload => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
  data: new Uint8Array(Buffer.from(data ?? '', 'base64')),
});

/** The payload as it was before encryption, serialised inside the ciphertext: its JSON form under short names. */
interface Sealed {
  m: Record<string, string>;
  d: string;
}

export interface PayloadKeys {
  /** The key new payloads are encrypted with. */
  current: { id: string; key: Buffer };
  /** Every key that may decrypt (the current one included), by id. */
  all: Map<string, Buffer>;
}

export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly keys: PayloadKeys) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys.current;
    return payloads.map((payload) => {
      const { metadata: m, data: d } = payloadToJson(payload);
      const sealed: Sealed = { m, d };
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv(CIPHER, key, nonce);
      // The key id is authenticated too: a payload relabelled with another id fails to decrypt.
      cipher.setAAD(utf8(id));
      const body = Buffer.concat([cipher.update(JSON.stringify(sealed), 'utf8'), cipher.final()]);
      return {
        metadata: { [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING), [METADATA_KEY_ID]: utf8(id) },
        data: Buffer.concat([nonce, body, cipher.getAuthTag()]),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      // Payloads written before encryption was turned on (and recorded test histories) pass through.
      if (!encoding || fromUtf8(encoding) !== ENCRYPTED_ENCODING) return payload;
      const idBytes = payload.metadata?.[METADATA_KEY_ID];
      if (!idBytes) throw new ValueError('Encrypted payload without an encryption key id');
      const id = fromUtf8(idBytes);
      const key = this.keys.all.get(id);
      if (!key) {
        throw new ValueError(
          `Encrypted payload uses key "${id}", which is neither TEMPORAL_PAYLOAD_KEY (${this.keys.current.id}) nor in TEMPORAL_PAYLOAD_OLD_KEYS`,
        );
      }
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < NONCE_BYTES + TAG_BYTES) throw new ValueError('Encrypted payload is too short');
      let plain: string;
      try {
        const decipher = createDecipheriv(CIPHER, key, data.subarray(0, NONCE_BYTES));
        decipher.setAAD(idBytes);
        decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
        plain = Buffer.concat([decipher.update(data.subarray(NONCE_BYTES, data.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new ValueError(
          `Encrypted payload failed authentication with key "${id}" (tampered, or the key is not the one it was written with)`,
        );
      }
      const sealed = JSON.parse(plain) as Sealed;
      return payloadFromJson({ metadata: sealed.m, data: sealed.d });
    });
  }
}

/** A 32-byte key from its base64 form, with a clear error for anything else. */
export function parseKey(base64: string, name: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${name} must be 32 random bytes in base64 (openssl rand -base64 32); got ${key.length} bytes`);
  return key;
}

/** A key's default id: a short fingerprint, so a new key gets a new id without configuring one. */
export const keyFingerprint = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 12);

/**
 * The keys from the environment, or null (encryption off) without TEMPORAL_PAYLOAD_KEY.
 * TEMPORAL_PAYLOAD_OLD_KEYS: comma-separated `id:base64` (or bare base64, the id is then its fingerprint).
 */
export interface PayloadKeySettings {
  TEMPORAL_PAYLOAD_KEY?: string;
  TEMPORAL_PAYLOAD_KEY_ID?: string;
  TEMPORAL_PAYLOAD_OLD_KEYS?: string;
}

export function payloadKeysFromEnv(source: PayloadKeySettings): PayloadKeys | null {
  const raw = source.TEMPORAL_PAYLOAD_KEY?.trim();
  if (!raw) return null;
  const key = parseKey(raw, 'TEMPORAL_PAYLOAD_KEY');
  const id = source.TEMPORAL_PAYLOAD_KEY_ID?.trim() || keyFingerprint(key);
  const all = new Map<string, Buffer>();
  for (const entry of (source.TEMPORAL_PAYLOAD_OLD_KEYS ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const colon = entry.indexOf(':');
    const oldKey = parseKey(colon >= 0 ? entry.slice(colon + 1) : entry, 'each TEMPORAL_PAYLOAD_OLD_KEYS entry');
    all.set(colon >= 0 ? entry.slice(0, colon).trim() : keyFingerprint(oldKey), oldKey);
  }
  all.set(id, key);
  return { current: { id, key }, all };
}

const codecs = new Map<string, EncryptionCodec | null>();

/** The encryption codec for these settings, or null (encryption off); made once per distinct settings. */
export function payloadCodecFromEnv(source: PayloadKeySettings): EncryptionCodec | null {
  const id = JSON.stringify([source.TEMPORAL_PAYLOAD_KEY, source.TEMPORAL_PAYLOAD_KEY_ID, source.TEMPORAL_PAYLOAD_OLD_KEYS]);
  let codec = codecs.get(id);
  if (codec === undefined) {
    const keys = payloadKeysFromEnv(source);
    codec = keys ? new EncryptionCodec(keys) : null;
    codecs.set(id, codec);
  }
  return codec;
}

/** The client's and the workers' data converter: the encryption codec when a key is configured. */
export function temporalDataConverter(source: PayloadKeySettings): DataConverter | undefined {
  const codec = payloadCodecFromEnv(source);
  return codec ? { payloadCodecs: [codec] } : undefined;
}
