// A child process of `npm run bench` that renders print files as the rendering worker does, so its
// time and peak memory are the renderer's alone:
//   tsx bench/render-worker.ts one <size>                       one PNG + PDF: {ms, peakRssMb}
//   tsx bench/render-worker.ts throughput <concurrency> <items> <size>
//       items rendered at most <concurrency> at once (the worker's RENDER_CONCURRENCY), each stored
//       to a temporary folder like LocalStorage does: {itemsPerMinute, seconds, peakInFlight, peakRssMb}
// Both call renderPrintFiles, as the worker's renderItem does: the PNG threads it starts are threads of
// this process, so peakRssMb (the process's maxRSS) counts them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SAMPLE_PERSONALISATION, type PrintSize } from '#core/design/themes.ts';
import { LocalStorage } from '#server/storage/storage.server.ts';
import { renderPrintFiles } from '#server/rendering/print-files.server.ts';

const [mode, a, b, c] = process.argv.slice(2);
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

async function main(): Promise<void> {
  if (mode === 'one') {
    const size = (a ?? 'A3') as PrintSize;
    const t = performance.now();
    await renderPrintFiles(SAMPLE_PERSONALISATION, size);
    console.log(JSON.stringify({ ms: performance.now() - t, peakRssMb: peakRssMb() }));
    return;
  }
  const concurrency = Number(a ?? 1);
  const items = Number(b ?? 8);
  const size = (c ?? 'A3') as PrintSize;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bench-render-'));
  const storage = new LocalStorage(dir);
  let next = 0;
  let inFlight = 0;
  let peakInFlight = 0;
  const t = performance.now();
  const lane = async () => {
    while (next < items) {
      const i = next++;
      inFlight++;
      peakInFlight = Math.max(peakInFlight, inFlight);
      // Every item its own design, as orders are.
      const files = await renderPrintFiles({ ...SAMPLE_PERSONALISATION, title: `Bench print ${i}` }, size);
      await storage.put(`bench/${i}/print.png`, files.png!.bytes, 'image/png');
      await storage.put(`bench/${i}/print.pdf`, files.pdf!.bytes, 'application/pdf');
      inFlight--;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const seconds = (performance.now() - t) / 1000;
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify({ itemsPerMinute: (items / seconds) * 60, seconds, peakInFlight, peakRssMb: peakRssMb() }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
