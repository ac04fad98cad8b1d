// Reading a form that may carry a file (multipart/form-data): the file is kept in memory up to the form's own
// limit, so a file over it is answered by the form (its field says why) rather than a 500.
import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from '@remix-run/node';

export type UploadForm = { ok: true; form: FormData } | { ok: false; tooLarge: true } | { ok: false; tooLarge: false; response: Response };

export async function readUploadForm(request: Request, maxFileBytes: number): Promise<UploadForm> {
  if (!/^multipart\/form-data\b/i.test(request.headers.get('Content-Type') ?? '')) return { ok: true, form: await request.formData() };
  try {
    return {
      ok: true,
      form: await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxFileBytes })),
    };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, tooLarge: true };
    if (error instanceof TypeError)
      return { ok: false, tooLarge: false, response: new Response('The form could not be read', { status: 400 }) };
    throw error;
  }
}
