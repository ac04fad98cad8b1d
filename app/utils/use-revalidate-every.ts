// Live status without websockets: the page's loaders run again every few seconds while there is
// something to wait for. Without JavaScript the pages offer a "Refresh" link instead.
import { useRevalidator } from '@remix-run/react';
import { useEffect, useRef } from 'react';

/**
 * Revalidates the current page every `intervalMs` (null: not at all), never while a revalidation is
 * still running and not while the tab is hidden.
 */
export function useRevalidateEvery(intervalMs: number | null): void {
  const revalidator = useRevalidator();
  // The revalidator changes identity as its state changes; the timer should not restart each time.
  const latest = useRef(revalidator);
  useEffect(() => {
    latest.current = revalidator;
  }, [revalidator]);
  useEffect(() => {
    if (intervalMs == null) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'hidden') return;
      if (latest.current.state === 'idle') latest.current.revalidate();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
}
