// The codec endpoint for the Temporal Web UI (Temporal's remote codec server protocol): POST
// /codec/decode and /codec/encode take `{ payloads: [{ metadata: { key: base64 }, data: base64 }] }`
// and answer the same shape, run through the payload codec. It hands out decrypted customer data,
// so only a signed-in admin gets an answer (the admin's session cookie, which the UI sends when its
// "Include cross-origin credentials" option is on); the CORS side (only TEMPORAL_UI_URL's origin,
// preflight included) is codec-cors.server.ts, which server.ts mounts in front of Remix.
import { z } from 'zod';
import { getEnv } from '#server/env.server.ts';
import { payloadCodecFromEnv, payloadFromJson, payloadToJson } from '#server/temporal/payload-codec.server.ts';
import { getUser, isAdmin } from './session.server.ts';

const bodySchema = z.object({
  payloads: z.array(
    z.object({
      metadata: z.record(z.string(), z.string()).nullish(),
      data: z.string().nullish(),
    }),
  ),
});

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } });

export async function handleCodecRequest(request: Request, operation: string | undefined): Promise<Response> {
  if (operation !== 'decode' && operation !== 'encode') return json({ error: 'Not found' }, 404);
  const env = getEnv();
  // The origin guard lets these cross-origin POSTs through; here only the UI's and the shop's own
  // origins (or none: a command-line client) are accepted, and only JSON (which needs a preflight).
  const origin = request.headers.get('Origin');
  if (origin && origin !== new URL(env.TEMPORAL_UI_URL).origin && origin !== new URL(env.APP_URL).origin) {
    return json({ error: `Requests from ${origin} are not accepted.` }, 403);
  }
  const user = await getUser(request);
  if (!user) return json({ error: 'Sign in as an admin of the shop (the UI must include cross-origin credentials).' }, 401);
  if (!isAdmin(user) || user.blocked) return json({ error: 'Only admins may decode payloads.' }, 403);
  const namespace = request.headers.get('X-Namespace');
  if (namespace && namespace !== env.TEMPORAL_NAMESPACE)
    return json({ error: `This codec serves the namespace ${env.TEMPORAL_NAMESPACE}.` }, 400);
  if (!/^application\/json\b/i.test(request.headers.get('Content-Type') ?? ''))
    return json({ error: 'Send JSON (Content-Type: application/json).' }, 415);
  const codec = payloadCodecFromEnv(env);
  if (!codec) return json({ error: 'Payload encryption is off (no TEMPORAL_PAYLOAD_KEY).' }, 404);

  let body: z.infer<typeof bodySchema>;
  try {
    body = bodySchema.parse(await request.json());
  } catch {
    return json({ error: 'Expected JSON: { "payloads": [{ "metadata": { … base64 }, "data": base64 }] }' }, 400);
  }
  const payloads = body.payloads.map(payloadFromJson);
  try {
    const result = operation === 'decode' ? await codec.decode(payloads) : await codec.encode(payloads);
    return json({ payloads: result.map(payloadToJson) });
  } catch (err) {
    // A payload this shop's keys cannot open (tampered, or a key no longer configured).
    return json({ error: err instanceof Error ? err.message : String(err) }, 422);
  }
}
