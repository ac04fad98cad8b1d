import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { PrintDesign } from './print-design';
import { formatPrintDate } from './print-text';
import { ProductArt } from './product-art';
import { hashString, createRandom } from './random';
import {
  PRINT_SIZE_MM,
  PRINT_SIZE_PX_300DPI,
  PRINT_SIZES,
  SAMPLE_PERSONALISATION,
  THEMES,
  type Personalisation,
  type PrintSize,
} from './themes';

function render(overrides: Partial<Personalisation> = {}, size: PrintSize = 'A3'): string {
  return renderToStaticMarkup(createElement(PrintDesign, { personalisation: { ...SAMPLE_PERSONALISATION, ...overrides }, size }));
}

function backgroundFill(svg: string): string | undefined {
  return /<rect x="0" y="0" width="[\d.]+" height="[\d.]+" fill="([^"]+)"/.exec(svg)?.[1];
}

function titleFontSize(svg: string): number {
  const m = /font-family="&#x27;DejaVu Serif&#x27;, Georgia, serif" font-size="([\d.]+)"/.exec(svg);
  assert.ok(m?.[1], 'title text not found');
  return Number(m[1]);
}

test('the viewBox is the paper size in millimetres', () => {
  for (const size of PRINT_SIZES) {
    const { width, height } = PRINT_SIZE_MM[size];
    assert.match(render({}, size), new RegExp(`viewBox="0 0 ${width} ${height}"`));
  }
  assert.match(render({}, 'A3'), /viewBox="0 0 297 420"/);
});

test('print pixel sizes keep the paper aspect ratio', () => {
  for (const size of PRINT_SIZES) {
    const mm = PRINT_SIZE_MM[size];
    const px = PRINT_SIZE_PX_300DPI[size];
    assert.ok(Math.abs(px.width / px.height - mm.width / mm.height) < 0.005, size);
  }
});

test('markup typed into the personalisation is shown as text', () => {
  const svg = render({ title: '<script>alert(1)</script>', place: '<b>Paris</b>', subtitle: '"quoted" & more' });
  assert.ok(!svg.includes('<script>'), 'raw script tag rendered');
  assert.ok(!svg.includes('<b>'), 'raw b tag rendered');
  assert.ok(svg.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(svg.includes('&amp; more'));
});

test('is an accessible image with a title', () => {
  const svg = render();
  assert.match(svg, /^<svg [^>]*role="img"/);
  assert.match(svg, /aria-label="[^"]*The night we met[^"]*"/);
  assert.match(svg, /<title>[^<]*The night we met[^<]*<\/title>/);
  const labelled = renderToStaticMarkup(
    createElement(PrintDesign, { personalisation: SAMPLE_PERSONALISATION, size: 'A4', title: 'Preview' }),
  );
  assert.match(labelled, /<title>Preview<\/title>/);
});

test('the same input renders byte-identical markup', () => {
  for (const size of PRINT_SIZES) assert.equal(render({}, size), render({}, size));
  assert.notEqual(render(), render({ title: 'Another night' }), 'the sky should depend on the words');
});

test('the theme sets the background, and each theme differs', () => {
  const fills = THEMES.map((t) => backgroundFill(render({ theme: t.id })));
  THEMES.forEach((t, i) => assert.equal(fills[i], t.background));
  assert.equal(new Set(fills).size, THEMES.length);
});

test('changing only the theme keeps the layout', () => {
  const strip = (svg: string) => svg.replace(/#[0-9a-f]{6}/g, '#');
  assert.equal(strip(render({ theme: 'sand' })), strip(render({ theme: 'forest' })));
});

test('long titles get a smaller font and stay inside the page', () => {
  const short = titleFontSize(render({ title: 'Us' }));
  const long = titleFontSize(render({ title: 'W'.repeat(40) }));
  assert.ok(long < short);
  // 40 of the widest Latin glyphs (about 1 em each) must fit in the page width.
  assert.ok(long * 40 < PRINT_SIZE_MM.A3.width);
});

test('a long title of several words breaks into two lines', () => {
  const svg = render({ title: 'Welcome to the world, little Wilhelmina Rose' });
  const lines = [...svg.matchAll(/<text [^>]*Georgia, serif" font-size="[\d.]+" fill="[^"]+">([^<]*)</g)].map((m) => m[1]);
  assert.deepEqual(lines, ['Welcome to the world,', 'little Wilhelmina Rose']);
});

test('dates are formatted as "14 June 2025"', () => {
  assert.equal(formatPrintDate('2025-06-14'), '14 June 2025');
  assert.equal(formatPrintDate('2000-01-01'), '1 January 2000');
  assert.equal(formatPrintDate('2024-02-29'), '29 February 2024');
  assert.equal(formatPrintDate('1999-12-31'), '31 December 1999');
  assert.match(render({ date: '2025-06-14' }), />14 June 2025</);
});

test('dates that are not a real YYYY-MM-DD are shown as given', () => {
  for (const d of ['2023-02-29', '2025-13-01', '2025-04-31', '2025-00-10', '14/06/2025', 'summer 2024', '']) {
    assert.equal(formatPrintDate(d), d);
  }
  assert.match(render({ date: 'summer 2024' }), />summer 2024</);
});

test('theme colours meet WCAG AA contrast for text on the background', () => {
  const luminance = (hex: string) => {
    const n = parseInt(hex.slice(1), 16);
    const [r = 0, g = 0, b = 0] = [n >> 16, (n >> 8) & 255, n & 255].map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a: string, b: string) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
    return (hi + 0.05) / (lo + 0.05);
  };
  for (const t of THEMES) {
    for (const key of ['foreground', 'accent', 'muted'] as const) {
      assert.ok(contrast(t[key], t.background) >= 4.5, `${t.id} ${key} contrast`);
    }
  }
});

test('the seeded random sequence is stable', () => {
  assert.equal(hashString(''), 0x811c9dc5);
  const a = createRandom(42);
  const b = createRandom(42);
  const seq = [a(), a(), a()];
  assert.deepEqual(seq, [b(), b(), b()]);
  assert.ok(seq.every((x) => x >= 0 && x < 1));
});

test('product art renders each kind as a labelled image', () => {
  for (const kind of ['frame', 'tote', 'mug', 'card'] as const) {
    const svg = renderToStaticMarkup(createElement(ProductArt, { kind }));
    assert.match(svg, /role="img"/);
    assert.match(svg, /<title>[^<]+<\/title>/);
    assert.equal(svg, renderToStaticMarkup(createElement(ProductArt, { kind })));
  }
});

test('the star field is a few paths, not an element per star, and the same sky every time', () => {
  const svg = render();
  assert.ok((svg.match(/<circle /g) ?? []).length < 40, 'stars should not be circles each');
  const faintStars = (markup: string) => /<path d="(M[^"]*a[^"]*)" fill-opacity="0.43"/.exec(markup)?.[1];
  assert.ok(faintStars(svg));
  assert.equal(faintStars(render({ subtitle: 'Another subtitle' })), faintStars(svg));
});
