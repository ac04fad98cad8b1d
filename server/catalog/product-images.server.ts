// Product pictures as cacheable SVG files (/images/products/<slug>.svg?v=<hash>) instead of markup
// inlined in every page: the catalog's HTML stays small and browsers and CDNs keep the pictures.
import { createHash } from 'node:crypto';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { PrintDesign } from '#core/design/print-design.tsx';
import { designLabel } from '#core/design/print-text.ts';
import { ProductArt, productArtLabel } from '#core/design/product-art.tsx';
import { PRINT_SIZE_MM, SAMPLE_PERSONALISATION, THEMES, type PrintSize, type ThemeId } from '#core/design/themes.ts';
import type { ProductView } from '#server/catalog/catalog.server.ts';

/** What an <img> needs. */
export interface ProductImageView {
  src: string;
  width: number;
  height: number;
  alt: string;
}

export interface ProductImageFile {
  svg: string;
  /** Strong validator of the bytes. */
  etag: string;
  /** Short content hash for the URL, so a changed picture gets a new URL. */
  version: string;
}

const ART_SIZE = 400; // ProductArt's viewBox is 400 × 400

type Picture = { kind: 'art'; art: 'frame' | 'tote' | 'mug' | 'card' } | { kind: 'print'; printSize: PrintSize; theme: ThemeId };

export function isThemeId(value: string): value is ThemeId {
  return THEMES.some((t) => t.id === value);
}

/** The catalog shows prints in its sample personalisation; plain goods as their illustration. */
function pictureOf(product: ProductView, theme: ThemeId | null): Picture {
  const printSize = product.variants[0]?.printSize;
  if (product.kind === 'good' || !printSize) return { kind: 'art', art: product.art ?? 'frame' };
  return { kind: 'print', printSize, theme: theme ?? SAMPLE_PERSONALISATION.theme };
}

// Only a handful of pictures exist (goods × kinds, print sizes × themes): rendered once per process.
const files = new Map<string, ProductImageFile>();

function fileOf(picture: Picture): ProductImageFile {
  const key = picture.kind === 'art' ? `art:${picture.art}` : `print:${picture.printSize}:${picture.theme}`;
  let file = files.get(key);
  if (!file) {
    const element =
      picture.kind === 'art'
        ? createElement(ProductArt, { kind: picture.art })
        : createElement(PrintDesign, { personalisation: { ...SAMPLE_PERSONALISATION, theme: picture.theme }, size: picture.printSize });
    const svg = `<?xml version="1.0" encoding="UTF-8"?>\n${renderToStaticMarkup(element)}`;
    const hash = createHash('sha256').update(svg).digest('base64url');
    // Weak: compression may change the bytes on the wire, not what they show.
    file = { svg, etag: `W/"${hash.slice(0, 27)}"`, version: hash.slice(0, 10) };
    files.set(key, file);
  }
  return file;
}

/** The catalog card's <img>: the first uploaded photo, else the drawn picture (`theme` picks a poster's colours). */
export function productImage(product: ProductView, theme: ThemeId | null = null): ProductImageView {
  const photo = product.photos[0];
  if (photo) return { ...photo.thumb, alt: photo.alt };
  const picture = pictureOf(product, theme);
  const { version } = fileOf(picture);
  const query = new URLSearchParams();
  if (picture.kind === 'print' && theme) query.set('theme', picture.theme);
  query.set('v', version);
  const src = `/images/products/${encodeURIComponent(product.slug)}.svg?${query}`;
  if (picture.kind === 'art') return { src, width: ART_SIZE, height: ART_SIZE, alt: productArtLabel(picture.art) };
  const { width, height } = PRINT_SIZE_MM[picture.printSize];
  return { src, width, height, alt: designLabel({ ...SAMPLE_PERSONALISATION, theme: picture.theme }) };
}

/** The SVG file behind productImage(product, theme).src. */
export function productImageFile(product: ProductView, theme: ThemeId | null = null): ProductImageFile {
  return fileOf(pictureOf(product, theme));
}
