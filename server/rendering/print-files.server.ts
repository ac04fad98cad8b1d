// Print-ready files from the same SVG the product page previews: a 300 dpi PNG (resvg) and a vector
// PDF of the paper size (pdfkit + svg-to-pdfkit), with the fonts that ship with the project, never
// the machine's own — so a render looks the same on every worker.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { PrintDesign } from '#core/design/print-design.tsx';
import { designLabel } from '#core/design/print-text.ts';
import { PRINT_SIZE_MM, PRINT_SIZE_PX_300DPI, PRINT_SIZES, type Personalisation, type PrintSize } from '#core/design/themes.ts';
import { personalisationSchema } from '#core/schemas/personalisation.ts';
import { pngThreads } from './png-threads.server.ts';

/** A design that no retry can render (bad personalisation, unknown size): fail for good. */
export class InvalidDesignError extends Error {
  override name = 'InvalidDesign';
}

export interface RenderedFile {
  bytes: Buffer;
  /** Pixels (PNG) or points (PDF). */
  width: number;
  height: number;
}

const DPI = 300;
const MM_PER_INCH = 25.4;
const POINTS_PER_INCH = 72;

// DejaVu (npm `dejavu-fonts-ttf`): the families the design names, with the styles it uses.
const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONTS = {
  serif: 'DejaVuSerif.ttf',
  'serif-italic': 'DejaVuSerif-Italic.ttf',
  'serif-bold': 'DejaVuSerif-Bold.ttf',
  sans: 'DejaVuSans.ttf',
  'sans-bold': 'DejaVuSans-Bold.ttf',
  'sans-oblique': 'DejaVuSans-Oblique.ttf',
} as const;
type FontName = keyof typeof FONTS;
export const FONT_FILES: string[] = Object.values(FONTS).map((f) => path.join(FONT_DIR, f));

const RESVG_FONTS: ResvgRenderOptions['font'] = {
  loadSystemFonts: false,
  fontFiles: FONT_FILES,
  defaultFontFamily: 'DejaVu Sans',
  serifFamily: 'DejaVu Serif',
  sansSerifFamily: 'DejaVu Sans',
};

const RESVG_OPTIONS: ResvgRenderOptions = { font: RESVG_FONTS, textRendering: 2, shapeRendering: 2 };

let fontBytes: Map<FontName, Buffer> | undefined;
function pdfFonts(): Map<FontName, Buffer> {
  fontBytes ??= new Map(Object.entries(FONTS).map(([name, file]) => [name as FontName, fs.readFileSync(path.join(FONT_DIR, file))]));
  return fontBytes;
}

/** The first family of an SVG font-family list that we ship, in the style asked for. */
export function pdfFontFor(family: string, bold: boolean, italic: boolean): FontName {
  for (const raw of family.split(',')) {
    const f = raw
      .trim()
      .replace(/^['"]|['"]$/g, '')
      .toLowerCase();
    if (f === 'dejavu serif' || f === 'serif' || f === 'georgia') return italic ? 'serif-italic' : bold ? 'serif-bold' : 'serif';
    if (f === 'dejavu sans' || f === 'sans-serif' || f === 'inter') return bold ? 'sans-bold' : italic ? 'sans-oblique' : 'sans';
  }
  return bold ? 'sans-bold' : 'sans';
}

/** Checks what the order item carries before any work: a bad design is not worth a retry. */
export function validateDesign(personalisation: unknown, size: unknown): { personalisation: Personalisation; size: PrintSize } {
  if (typeof size !== 'string' || !(PRINT_SIZES as readonly string[]).includes(size)) {
    throw new InvalidDesignError(`unknown print size ${JSON.stringify(size)}`);
  }
  const parsed = personalisationSchema.safeParse(personalisation);
  if (!parsed.success) {
    throw new InvalidDesignError(
      `invalid personalisation: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return { personalisation: parsed.data, size: size as PrintSize };
}

/** The design's SVG markup as the preview draws it (viewBox in millimetres). */
export function designSvg(personalisation: Personalisation, size: PrintSize): string {
  return renderToStaticMarkup(createElement(PrintDesign, { personalisation, size }));
}

/** The same markup with an explicit pixel size: exact print dimensions, whatever the rounding. */
function withPixelSize(svg: string, width: number, height: number): string {
  // The paper's aspect ratio and the 300 dpi pixel grid differ by a fraction of a pixel; stretching by
  // that fraction keeps the background edge to edge.
  return svg.replace('<svg ', `<svg width="${width}" height="${height}" preserveAspectRatio="none" `);
}

/** What resvg is given for a PNG `width` pixels wide (default: the print's 300 dpi width), and the dpi the file declares. */
function pngJob(personalisation: Personalisation, size: PrintSize, opts: { width?: number; svg?: string }): { svg: string; dpi: number } {
  const print = PRINT_SIZE_PX_300DPI[size];
  const width = opts.width ?? print.width;
  const height = opts.width ? Math.round((opts.width * PRINT_SIZE_MM[size].height) / PRINT_SIZE_MM[size].width) : print.height;
  const svg = withPixelSize(opts.svg ?? designSvg(personalisation, size), width, height);
  const dpi = opts.width ? Math.round((width / PRINT_SIZE_MM[size].width) * MM_PER_INCH) : DPI;
  return { svg, dpi };
}

/** Rasterises the design at `width` pixels (default: the print's 300 dpi width) in this process, on a libuv thread. */
export async function renderPng(
  personalisation: Personalisation,
  size: PrintSize,
  opts: { width?: number; svg?: string } = {},
): Promise<RenderedFile & { pixels: () => Buffer }> {
  const { svg, dpi } = pngJob(personalisation, size, opts);
  const image = await renderAsync(svg, RESVG_OPTIONS);
  return { bytes: withDpi(image.asPng(), dpi), width: image.width, height: image.height, pixels: () => image.pixels };
}

/** The same PNG as renderPng, byte for byte, rasterised and encoded in a pool thread (png-threads.server.ts). */
export async function renderPngInThread(
  personalisation: Personalisation,
  size: PrintSize,
  opts: { svg?: string } = {},
): Promise<RenderedFile> {
  const { svg, dpi } = pngJob(personalisation, size, opts);
  const { png, width, height } = await pngThreads.render(svg, RESVG_OPTIONS);
  return { bytes: withDpi(png, dpi), width, height };
}

/** A vector PDF, one page of the paper size, text as real text in embedded (subset) fonts. */
export async function renderPdf(personalisation: Personalisation, size: PrintSize, opts: { svg?: string } = {}): Promise<RenderedFile> {
  const mm = PRINT_SIZE_MM[size];
  const width = (mm.width / MM_PER_INCH) * POINTS_PER_INCH;
  const height = (mm.height / MM_PER_INCH) * POINTS_PER_INCH;
  const doc = new PDFDocument({
    size: [width, height],
    margin: 0,
    pdfVersion: '1.4', // transparency (the stars' opacity)
    compress: true,
    info: {
      Title: designLabel(personalisation),
      Author: 'Atelier',
      Subject: `${size} print, ${mm.width} × ${mm.height} mm`,
      Creator: 'Atelier',
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const [name, bytes] of pdfFonts()) doc.registerFont(name, bytes);
  const warnings: string[] = [];
  SVGtoPDF(doc as unknown as typeof PDFDocument, opts.svg ?? designSvg(personalisation, size), 0, 0, {
    width,
    height,
    preserveAspectRatio: 'xMidYMid meet',
    fontCallback: (family, bold, italic) => pdfFontFor(family, bold, italic),
    warningCallback: (w) => warnings.push(w),
  });
  doc.end();
  const bytes = await done;
  if (warnings.some((w) => /pars/i.test(w))) throw new Error(`the design's SVG did not convert to PDF: ${warnings.join('; ')}`);
  return { bytes, width, height };
}

export type PrintFileKind = 'png' | 'pdf';

/**
 * The files of one design (both unless `kinds` says otherwise). The PNG rasterises and encodes in a pool
 * thread, whose native memory is freed when the thread ends, while the PDF is drawn on this one; `onDone`
 * reports each file as it is finished.
 */
export async function renderPrintFiles(
  personalisation: Personalisation,
  size: PrintSize,
  opts: { kinds?: readonly PrintFileKind[]; onDone?: (kind: PrintFileKind) => void } = {},
): Promise<Partial<Record<PrintFileKind, RenderedFile>>> {
  const kinds = opts.kinds ?? ['png', 'pdf'];
  const svg = designSvg(personalisation, size);
  const jobs = kinds.map(async (kind): Promise<[PrintFileKind, RenderedFile]> => {
    const file = kind === 'png' ? await renderPngInThread(personalisation, size, { svg }) : await renderPdf(personalisation, size, { svg });
    opts.onDone?.(kind);
    return [kind, file];
  });
  // Whatever happens to one file, wait for the other too: no render keeps running behind a failed activity.
  const settled = await Promise.allSettled(jobs);
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return Object.fromEntries(settled.map((r) => (r as PromiseFulfilledResult<[PrintFileKind, RenderedFile]>).value));
}

/** Adds a pHYs chunk (pixels per metre) after IHDR, so print software reads the file as 300 dpi. */
export function withDpi(png: Buffer, dpi: number): Buffer {
  const ihdrEnd = 8 + 8 + 13 + 4; // signature, IHDR length + type, IHDR data, CRC
  if (png.subarray(12, 16).toString('latin1') !== 'IHDR') throw new Error('not a PNG');
  const ppm = Math.round(dpi / 0.0254);
  const data = Buffer.alloc(9);
  data.writeUInt32BE(ppm, 0);
  data.writeUInt32BE(ppm, 4);
  data.writeUInt8(1, 8); // unit: metre
  const type = Buffer.from('pHYs', 'latin1');
  const chunk = Buffer.alloc(4 + 4 + 9 + 4);
  chunk.writeUInt32BE(9, 0);
  type.copy(chunk, 4);
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(Buffer.concat([type, data])) >>> 0, 17);
  return Buffer.concat([png.subarray(0, ihdrEnd), chunk, png.subarray(ihdrEnd)]);
}
