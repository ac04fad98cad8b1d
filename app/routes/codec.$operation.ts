// POST /codec/decode and /codec/encode: the Temporal UI's remote codec endpoint (admins only).
import type { ActionFunctionArgs } from '@remix-run/node';
import { handleCodecRequest } from '#app/utils/codec-endpoint.server.ts';

export function action({ request, params }: ActionFunctionArgs) {
  return handleCodecRequest(request, params.operation);
}

export function loader() {
  return new Response('Method Not Allowed', { status: 405, headers: { Allow: 'POST' } });
}
