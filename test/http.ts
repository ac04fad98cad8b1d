// Tiny HTTP helpers for integration tests: a cookie jar and form posts, as a browser without JS would send.
import pg from 'pg';

export class Browser {
  private cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  private remember(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  }

  /** Forgets every cookie whose name matches (e.g. to act as a browser that never had them). */
  forget(name: RegExp) {
    for (const key of [...this.cookies.keys()]) if (name.test(key)) this.cookies.delete(key);
  }

  cookie(name: RegExp): string | undefined {
    for (const [key, value] of this.cookies) if (name.test(key)) return value;
    return undefined;
  }

  setCookie(name: string, value: string) {
    this.cookies.set(name, value);
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const res = await fetch(new URL(path, this.baseUrl), { headers: { Cookie: this.cookieHeader, ...headers }, redirect: 'manual' });
    this.remember(res);
    return res;
  }

  /** A form post as the shop's own page sends it (Origin = the shop), unless `origin` says otherwise. */
  async post(
    path: string,
    form: Record<string, string | number>,
    opts: { origin?: string | null; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const body = new URLSearchParams(Object.entries(form).map(([k, v]) => [k, String(v)]));
    const origin = opts.origin === undefined ? new URL(this.baseUrl).origin : opts.origin;
    const res = await fetch(new URL(path, this.baseUrl), {
      method: 'POST',
      body,
      headers: {
        Cookie: this.cookieHeader,
        'Content-Type': 'application/x-www-form-urlencoded',
        ...(origin ? { Origin: origin } : {}),
        ...opts.headers,
      },
      redirect: 'manual',
    });
    this.remember(res);
    return res;
  }
}

export function database(url: string): pg.Pool {
  return new pg.Pool({ connectionString: url, max: 2 });
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const personalisation = { title: 'Our first night', subtitle: '', place: 'Dublin, Ireland', date: '2024-05-01', theme: 'forest' };

/** The tag of the form control named `name` in a page (input, select or textarea), or null. */
export function formControl(html: string, name: string): string | null {
  return new RegExp(`<(?:input|select|textarea)\\b[^>]*\\bname="${name}"[^>]*>`).exec(html)?.[0] ?? null;
}

/**
 * The error a page shows by a form control, as assistive technology finds it: the control is marked
 * aria-invalid and its aria-describedby names the element holding the error. Null when there is none.
 */
export function errorByField(html: string, name: string): string | null {
  const control = formControl(html, name);
  if (!control || !/\baria-invalid="true"/.test(control)) return null;
  const ids = /\baria-describedby="([^"]+)"/.exec(control)?.[1]?.split(' ') ?? [];
  for (const id of ids) {
    const text = new RegExp(`\\bid="${id}"[^>]*>([^<]*)<`).exec(html)?.[1];
    if (text && id.endsWith('-error')) return text;
  }
  return null;
}
