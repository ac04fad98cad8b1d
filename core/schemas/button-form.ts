import { z } from 'zod';

/**
 * A form that is only its button (mark delivered, unblock, regenerate links). Nothing to check, but it
 * is parsed like every other form, so its answer carries conform's result and a refusal shows in it.
 */
export const buttonFormSchema = z.object({});
