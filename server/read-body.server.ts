// Reading a request body with a ceiling, for handlers that take raw bodies (the signed webhooks).

/**
 * The body as UTF-8 text, or null when it passes `max` bytes — reading stops there and the rest is
 * not taken — or when the request was refused or abandoned while it was read (its signal aborted: the
 * web server has answered it already). Bytes are counted as they arrive, so nothing past the ceiling
 * is ever held.
 */
export async function readBodyWithin(request: Request, max: number): Promise<string | null> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel();
        return null;
      }
      chunks.push(value);
    }
  } catch (error) {
    if (request.signal.aborted) return null;
    throw error;
  }
  return Buffer.concat(chunks, size).toString('utf8');
}
