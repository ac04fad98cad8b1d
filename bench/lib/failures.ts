// Failures of the bench's requests, counted by status (or error name) with one example each.
export interface Failure {
  status: number | string;
  count: number;
  example: string;
}

/** Counts failures by status (or error name) with one example message each. */
export class Failures {
  private readonly byKey = new Map<string, Failure>();
  add(status: number | string, example: string): void {
    const key = String(status);
    const f = this.byKey.get(key);
    if (f) f.count++;
    else this.byKey.set(key, { status, count: 1, example: example.replace(/\s+/g, ' ').slice(0, 300) });
  }
  get total(): number {
    return [...this.byKey.values()].reduce((n, f) => n + f.count, 0);
  }
  list(): Failure[] {
    return [...this.byKey.values()];
  }
}

export const errorText = (err: unknown) =>
  err instanceof Error ? `${err.name}: ${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ''}` : String(err);
