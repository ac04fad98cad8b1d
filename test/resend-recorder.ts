// A stand-in for the part of Resend's API the shop uses (POST /emails), recording what it is sent, so
// tests run the real SDK with RESEND_API_KEY=re_test and RESEND_BASE_URL=<recorder.url>. Also signs
// webhook payloads as Resend does (Svix / standardwebhooks).
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  /** The status answered; 0 when the connection was dropped instead (`loseAnswers`). */
  status: number;
}

export interface RecordedEmail {
  /** The id answered (Resend's email id: the outbox's provider_id). */
  id: string;
  idempotencyKey: string | null;
  authorization: string | null;
  headers: http.IncomingHttpHeaders;
  body: {
    from: string;
    to: string | string[];
    subject: string;
    html?: string;
    text?: string;
    headers?: Record<string, string>;
    [key: string]: unknown;
  };
  /** How many requests carried this one (retries with the same Idempotency-Key count here, not as new emails). */
  requests: number;
}

export interface ResendRecorder {
  url: string;
  port: number;
  /** Each email once (a retried Idempotency-Key is the same email). */
  emails: RecordedEmail[];
  /** Every request, in order. */
  requests: RecordedRequest[];
  /** The emails sent to an address (case-insensitive). */
  sentTo(address: string): RecordedEmail[];
  /**
   * The next `count` sends to this address are accepted (recorded, as Resend would) but the connection
   * is dropped before the answer, as when a response is lost on its way back: the sender cannot tell
   * whether the email went, and must ask again.
   */
  loseAnswers(address: string, count?: number): void;
  close(): Promise<void>;
}

const readBody = (req: http.IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

const header = (req: http.IncomingMessage, name: string) => {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? null;
};

/** Starts the recorder on 127.0.0.1 (a free port unless given). */
export async function startResendRecorder(opts: { port?: number } = {}): Promise<ResendRecorder> {
  const emails: RecordedEmail[] = [];
  const requests: RecordedRequest[] = [];
  const byKey = new Map<string, { email: RecordedEmail; raw: string }>();
  /** Lower-cased address → answers still to lose. */
  const losing = new Map<string, number>();

  const server = http.createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const path = new URL(req.url ?? '/', 'http://recorder').pathname;
      let parsed: unknown = null;
      try {
        parsed = raw ? JSON.parse(raw) : null;
      } catch {
        parsed = raw;
      }
      // Resend's error shape: { statusCode, name, message }.
      const answer = (status: number, body: Record<string, unknown>) => {
        requests.push({ method: req.method ?? '', path, headers: req.headers, body: parsed, status });
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      };
      const error = (status: number, name: string, message: string) => answer(status, { statusCode: status, name, message });
      const accepted = (email: RecordedEmail) => {
        const lost = [email.body.to].flat().find((to) => (losing.get(to.toLowerCase()) ?? 0) > 0);
        if (!lost) return answer(200, { id: email.id });
        losing.set(lost.toLowerCase(), losing.get(lost.toLowerCase())! - 1);
        requests.push({ method: req.method ?? '', path, headers: req.headers, body: parsed, status: 0 });
        req.socket.destroy();
      };

      if (req.method !== 'POST' || path !== '/emails')
        return error(404, 'not_found', `The recorder implements POST /emails only, not ${req.method} ${path}`);
      const authorization = header(req, 'authorization');
      if (!authorization?.startsWith('Bearer re_')) return error(401, 'missing_api_key', 'Missing API key in the authorization header');
      const body = parsed as RecordedEmail['body'] | null;
      if (!body || typeof body !== 'object' || typeof body.from !== 'string' || !body.to || typeof body.subject !== 'string') {
        return error(422, 'validation_error', 'from, to and subject are required');
      }
      const bad = [body.to].flat().find((to) => !/^[^@\s]+@[^@\s]+$/.test(to));
      if (bad !== undefined) return error(422, 'validation_error', `Invalid \`to\` field: ${JSON.stringify(bad)}`);
      const idempotencyKey = header(req, 'idempotency-key');
      if (idempotencyKey) {
        const seen = byKey.get(idempotencyKey);
        if (seen && seen.raw !== raw)
          return error(409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload');
        if (seen) {
          seen.email.requests += 1;
          return accepted(seen.email);
        }
      }
      const email: RecordedEmail = { id: randomUUID(), idempotencyKey, authorization, headers: req.headers, body, requests: 1 };
      emails.push(email);
      if (idempotencyKey) byKey.set(idempotencyKey, { email, raw });
      accepted(email);
    })().catch((err: unknown) => {
      res
        .writeHead(500, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ statusCode: 500, name: 'application_error', message: String(err) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    emails,
    requests,
    sentTo: (address) => emails.filter((e) => [e.body.to].flat().some((to) => to.toLowerCase() === address.toLowerCase())),
    loseAnswers: (address, count = 1) => {
      losing.set(address.toLowerCase(), (losing.get(address.toLowerCase()) ?? 0) + count);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A signing secret as Resend shows it: `whsec_` and base64. */
export const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

export interface SignedWebhook {
  id: string;
  timestamp: number;
  signature: string;
  /** svix-id, svix-timestamp, svix-signature: the headers Resend sends. */
  headers: Record<string, string>;
}

/**
 * Signs a payload as Resend (Svix) does: HMAC-SHA256 over `${id}.${timestamp}.${body}` with the
 * base64-decoded part of the secret after `whsec_`, sent as `v1,<base64>`.
 */
export function signResendWebhook(body: string, secret: string, opts: { id?: string; timestamp?: number } = {}): SignedWebhook {
  const id = opts.id ?? `msg_${randomBytes(12).toString('hex')}`;
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
  return { id, timestamp, signature, headers: { 'svix-id': id, 'svix-timestamp': String(timestamp), 'svix-signature': signature } };
}
