// The print provider the shop uses: Gelato when GELATO_API_KEY is set, else the local stand-in, which speaks Gelato's
// API (server/print-provider/stand-in/) and shows its orders on /dev/provider.
import type { Env } from '#server/env.server.ts';
import { createGelatoProvider } from './gelato.server.ts';
import type { PrintProvider } from './provider.server.ts';

type ProviderEnv = Pick<Env, 'printProviderMode' | 'GELATO_API_KEY' | 'GELATO_API_URL' | 'PRINT_PROVIDER_STAND_IN_URL' | 'APP_URL'>;

export function createPrintProvider(env: ProviderEnv): PrintProvider {
  if (env.printProviderMode === 'gelato') {
    const apiKey = env.GELATO_API_KEY?.trim();
    if (!apiKey) throw new Error('Gelato mode needs GELATO_API_KEY');
    return createGelatoProvider({ baseUrl: env.GELATO_API_URL, apiKey, local: false });
  }
  return createGelatoProvider({
    baseUrl: env.PRINT_PROVIDER_STAND_IN_URL,
    apiKey: 'stand-in',
    local: true,
    dashboardUrl: `${env.APP_URL.replace(/\/$/, '')}/dev/provider#`,
  });
}

let cached: { key: string; provider: PrintProvider } | undefined;
/** One provider per process (a different configuration, as in tests, makes a new one). */
export function getPrintProvider(env: ProviderEnv): PrintProvider {
  const key = [env.printProviderMode, env.GELATO_API_URL, env.GELATO_API_KEY, env.PRINT_PROVIDER_STAND_IN_URL, env.APP_URL].join('\n');
  if (cached?.key !== key) cached = { key, provider: createPrintProvider(env) };
  return cached.provider;
}
