// zod 4 compiles object parsers with `new Function` when it may, and probes for that once by trying it.
// The shop's Content-Security-Policy has no 'unsafe-eval', so the probe (caught by zod) is still reported
// as a CSP violation in every browser that loads a form schema. jitless skips both: parsing a form is
// fast enough without compiled parsers. Must run before any schema is built: root.tsx imports it first,
// and the browser evaluates the root module before the route modules that hold the schemas.
import { z } from 'zod';

z.config({ jitless: true });
