import { z } from 'zod';
import { THEMES, type Personalisation, type ThemeId } from '../design/themes';

export const PERSONALISATION_LIMITS = { title: 40, subtitle: 60, place: 60 } as const;

const themeIds = THEMES.map((t) => t.id) as [ThemeId, ...ThemeId[]];

// Control characters would corrupt the rendered print; everything else (any script, emoji, markup) is text.
const printable = (field: string, max: number) =>
  z
    .string({ error: `${field} is required` })
    .trim()
    .max(max, `${field} must be at most ${max} characters`)
    // eslint-disable-next-line no-control-regex
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), `${field} contains characters that cannot be printed`);

export const personalisationSchema = z.object({
  title: printable('Title', PERSONALISATION_LIMITS.title).min(1, 'Title is required'),
  subtitle: printable('Subtitle', PERSONALISATION_LIMITS.subtitle).default(''),
  place: printable('Place', PERSONALISATION_LIMITS.place).min(1, 'Place is required'),
  date: z
    .string({ error: 'Date is required' })
    .trim()
    .min(1, 'Date is required')
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Date must look like 2025-06-14')
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    }, 'Date is not a real calendar date'),
  theme: z.enum(themeIds, { error: 'Choose one of the colour themes' }),
}) satisfies z.ZodType<Personalisation, unknown>;

/** A stable key so the same personalisation of the same variant merges into one cart line. */
export function personalisationKey(p: Personalisation | null | undefined): string {
  if (!p) return '';
  return JSON.stringify([p.title, p.subtitle, p.place, p.date, p.theme]);
}
