// The process-wide clients a server operation may need, built once by the web server or the worker.
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Resend } from 'resend';
import type Stripe from 'stripe';
import type { Env } from './env.server.ts';
import type { FileStorage } from './storage/storage.server.ts';

export interface ServerDeps {
  orm: MikroORM;
  env: Env;
  /** null in local payment mode (the shop's stand-in plays Stripe's part). */
  stripe: Stripe | null;
  /** null: emails go to the outbox only. */
  resend: Resend | null;
}

/** The rendering worker's: no Stripe. */
export interface RenderDeps extends Pick<ServerDeps, 'orm' | 'env' | 'resend'> {
  storage: FileStorage;
}

export type DbDeps = Pick<ServerDeps, 'orm' | 'env'>;
