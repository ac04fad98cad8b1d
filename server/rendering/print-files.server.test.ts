// The print files against the preview: right pixel size, the same picture (within a tolerance) as
// the SVG the product page shows, a PDF of the right page size, and bad designs refused for good.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { renderAsync } from '@resvg/resvg-js';
import { PRINT_SIZE_MM, PRINT_SIZE_PX_300DPI, SAMPLE_PERSONALISATION, type Personalisation, type PrintSize } from '#core/design/themes.ts';
import {
  FONT_FILES,
  InvalidDesignError,
  designSvg,
  renderPdf,
  renderPng,
  renderPrintFiles,
  validateDesign,
  withDpi,
} from '#server/rendering/print-files.server.ts';

/** Box-averages RGBA pixels down to `width` (keeping the aspect ratio): what a scaled-down look at the print sees. */
function downscale(png: PNG, width: number): { width: number; height: number; data: Float64Array } {
  const factor = png.width / width;
  const height = Math.round(png.height / factor);
  const sums = new Float64Array(width * height * 3);
  const counts = new Float64Array(width * height);
  for (let y = 0; y < png.height; y++) {
    const ty = Math.min(height - 1, Math.floor(y / factor));
    for (let x = 0; x < png.width; x++) {
      const tx = Math.min(width - 1, Math.floor(x / factor));
      const t = ty * width + tx;
      const s = (y * png.width + x) * 4;
      for (let c = 0; c < 3; c++) sums[t * 3 + c] = sums[t * 3 + c]! + png.data[s + c]!;
      counts[t] = counts[t]! + 1;
    }
  }
  for (let t = 0; t < counts.length; t++) for (let c = 0; c < 3; c++) sums[t * 3 + c] = sums[t * 3 + c]! / counts[t]!;
  return { width, height, data: sums };
}

/** The preview as a browser would draw it small: the product page's SVG at `width` pixels. */
async function previewAt(p: Personalisation, size: PrintSize, width: number): Promise<PNG> {
  const svg = designSvg(p, size);
  const image = await renderAsync(svg, {
    fitTo: { mode: 'width', value: width },
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: 'DejaVu Sans' },
  });
  return PNG.sync.read(image.asPng());
}

/** Mean absolute difference per channel, 0–255. */
function meanDifference(a: { width: number; height: number; data: Float64Array }, b: PNG): number {
  assert.equal(a.width, b.width);
  const rows = Math.min(a.height, b.height);
  let sum = 0;
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < a.width; x++) {
      for (let c = 0; c < 3; c++) sum += Math.abs(a.data[(y * a.width + x) * 3 + c]! - b.data[(y * b.width + x) * 4 + c]!);
    }
  }
  return sum / (rows * a.width * 3);
}

const OTHER: Personalisation = {
  title: 'Something else entirely',
  subtitle: '',
  place: 'Reykjavík, Iceland',
  date: '1999-01-02',
  theme: 'sand',
};

test('the A4 PNG is 2480 × 3508 at 300 dpi and looks like the preview', async () => {
  const png = await renderPng(SAMPLE_PERSONALISATION, 'A4');
  assert.deepEqual([png.width, png.height], [PRINT_SIZE_PX_300DPI.A4.width, PRINT_SIZE_PX_300DPI.A4.height]);
  const decoded = PNG.sync.read(png.bytes);
  assert.deepEqual([decoded.width, decoded.height], [2480, 3508]);
  // pHYs: 11811 pixels per metre = 300 dpi, so print software sizes it right.
  const phys = png.bytes.indexOf(Buffer.from('pHYs', 'latin1'));
  assert.ok(phys > 0, 'the PNG carries its resolution');
  assert.equal(png.bytes.readUInt32BE(phys + 4), 11811);

  const small = downscale(decoded, 248);
  const same = meanDifference(small, await previewAt(SAMPLE_PERSONALISATION, 'A4', 248));
  const different = meanDifference(small, await previewAt({ ...OTHER, theme: SAMPLE_PERSONALISATION.theme }, 'A4', 248));
  assert.ok(same < 4, `the print matches its preview (mean difference ${same.toFixed(2)} of 255)`);
  // The comparison can fail: another design on the same background is told apart.
  assert.ok(different > same * 2 && different > 1, `another design differs (${different.toFixed(2)} vs ${same.toFixed(2)})`);
});

test('the A3 PNG is 3508 × 4961 and the PDF one A3 page (841.89 × 1190.55 pt) with the text as real text', async () => {
  const files = await renderPrintFiles(SAMPLE_PERSONALISATION, 'A3');
  assert.deepEqual([files.png!.width, files.png!.height], [3508, 4961]);
  const pdf = files.pdf!;
  assert.ok(Math.abs(pdf.width - (297 / 25.4) * 72) < 0.01 && Math.abs(pdf.height - (420 / 25.4) * 72) < 0.01);
  const text = pdf.bytes.toString('latin1');
  assert.ok(text.startsWith('%PDF-1.4'), 'a PDF 1.4 file');
  assert.ok(text.trimEnd().endsWith('%%EOF'), 'complete');
  const boxes = [...text.matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)];
  assert.equal(boxes.length, 1, 'one page');
  assert.ok(
    Math.abs(Number(boxes[0]![1]) - 841.89) < 0.01 && Math.abs(Number(boxes[0]![2]) - 1190.55) < 0.01,
    `A3 page, got ${boxes[0]![0]}`,
  );
  // The cross-reference table is where startxref says: readers can open it.
  const startxref = Number(/startxref\s+(\d+)/.exec(text)?.[1]);
  assert.equal(text.slice(startxref, startxref + 4), 'xref');
  // Vector text: the shipped fonts are embedded (subset), not the machine's.
  assert.match(text, /\/FontFile2/);
  assert.match(text, /DejaVuSerif/);
});

test('the 50 × 70 cm print is 5906 × 8268 pixels and its PDF 500 × 700 mm', async () => {
  const png = await renderPng(OTHER, '50x70');
  assert.deepEqual([png.width, png.height], [5906, 8268]);
  const pdf = await renderPdf(OTHER, '50x70');
  assert.ok(Math.abs((pdf.width / 72) * 25.4 - PRINT_SIZE_MM['50x70'].width) < 0.01);
  assert.ok(Math.abs((pdf.height / 72) * 25.4 - PRINT_SIZE_MM['50x70'].height) < 0.01);
});

test('markup in the personalisation is drawn as text, never parsed', async () => {
  const sneaky: Personalisation = {
    ...SAMPLE_PERSONALISATION,
    title: '</text><image href="http://x/y.png"/><text>',
    subtitle: '<script>alert(1)</script>',
  };
  const svg = designSvg(sneaky, 'A4');
  assert.ok(!svg.includes('<image') && !svg.includes('<script'), 'no element came from the text');
  assert.ok(svg.includes('&lt;script&gt;'));
  const png = await renderPng(sneaky, 'A4', { width: 300 });
  assert.equal(png.width, 300);
  await renderPdf(sneaky, 'A4');
});

test('a design no retry can fix is refused as InvalidDesign', () => {
  assert.throws(() => validateDesign(SAMPLE_PERSONALISATION, 'A5'), InvalidDesignError);
  assert.throws(
    () => validateDesign({ ...SAMPLE_PERSONALISATION, date: '2025-02-30' }, 'A4'),
    (e: unknown) => e instanceof InvalidDesignError && /date/i.test(e.message),
  );
  assert.throws(() => validateDesign(null, 'A4'), InvalidDesignError);
  assert.deepEqual(validateDesign(SAMPLE_PERSONALISATION, 'A3').size, 'A3');
});

test('withDpi refuses what is not a PNG', () => {
  assert.throws(() => withDpi(Buffer.from('not a png at all, clearly'), 300), /not a PNG/);
});
