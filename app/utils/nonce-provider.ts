// The request's CSP nonce (security-headers.server.ts) for the inline scripts root.tsx renders. On the
// server entry.server.tsx provides it; in the browser it is empty, which is fine: browsers hide a
// nonce attribute from the DOM, and Remix's script elements suppress the hydration warning.
import { createContext, createElement, useContext, type ReactNode } from 'react';

const NonceContext = createContext<string>('');

export function NonceProvider({ value, children }: { value: string; children: ReactNode }) {
  return createElement(NonceContext.Provider, { value }, children);
}

export const useNonce = () => useContext(NonceContext);
