// The shop's forms posted as a browser posts them, and the payer the local pay page is filled in with.
export const PAYER = { name: 'Bench Buyer', line1: '1 Grafton Street', line2: '', city: 'Dublin', postal_code: 'D02 XY00', country: 'IE' };

function form(fields: Record<string, string | number>): URLSearchParams {
  return new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)]));
}

export async function postForm(url: string, fields: Record<string, string | number>, cookie?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    body: form(fields),
    // The shop refuses state-changing requests from other origins; a browser sends its page's.
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: new URL(url).origin, ...(cookie ? { Cookie: cookie } : {}) },
    redirect: 'manual',
  });
}

export async function describe(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  return `${res.status} ${res.headers.get('location') ?? ''} ${text.replace(/<[^>]+>/g, ' ').slice(0, 200)}`.trim();
}
