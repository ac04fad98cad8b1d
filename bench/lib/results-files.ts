// The results files in bench/results/: the run a new one is compared with, and writing a run's markdown and JSON.
import fs from 'node:fs';
import path from 'node:path';
import { RESULTS_DIR, ROOT } from './paths.ts';
import type { BenchResults } from './results.ts';

/** The run to compare with: latest.json, or when that was a quick run, the newest full run in results/. */
export function previousRun(): { results: BenchResults; file: string } | null {
  const read = (file: string): BenchResults | null => {
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResults;
      return typeof parsed.startedAt === 'string' && Array.isArray(parsed.pages) ? parsed : null;
    } catch {
      return null;
    }
  };
  const latestFile = path.join(RESULTS_DIR, 'latest.json');
  const latest = fs.existsSync(latestFile) ? read(latestFile) : null;
  if (latest && !latest.config.quick && !latest.config.only) return { results: latest, file: path.relative(ROOT, latestFile) };
  if (!fs.existsSync(RESULTS_DIR)) return null;
  let best: { results: BenchResults; file: string } | null = null;
  for (const name of fs.readdirSync(RESULTS_DIR)) {
    if (!/^\d{4}-.*\.json$/.test(name)) continue;
    const r = read(path.join(RESULTS_DIR, name));
    if (r && !r.config.quick && !r.config.only && (!best || r.startedAt > best.results.startedAt))
      best = { results: r, file: path.relative(ROOT, path.join(RESULTS_DIR, name)) };
  }
  return best ?? (latest ? { results: latest, file: path.relative(ROOT, latestFile) } : null);
}

export function writeResults(results: BenchResults, markdown: string): string[] {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = results.startedAt.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  const json = `${JSON.stringify(results, null, 2)}\n`;
  // A quick or partial run is no reference: latest.* stay the last full run.
  const reference = !results.config.quick && !results.config.only;
  const files = [
    [path.join(RESULTS_DIR, `${stamp}.md`), markdown],
    ...(reference ? [[path.join(RESULTS_DIR, 'latest.md'), markdown] as const] : []),
    [path.join(RESULTS_DIR, `${stamp}.json`), json],
    ...(reference ? [[path.join(RESULTS_DIR, 'latest.json'), json] as const] : []),
  ] as const;
  for (const [file, text] of files) fs.writeFileSync(file, text);
  return files.map(([file]) => path.relative(ROOT, file));
}
