// Product photos uploaded by the admin. A file is judged by its bytes, never its name: it must be a real
// PNG, JPEG or WebP (by signature, then decoded), within PHOTO_MAX_BYTES and MAX_PIXELS. What is kept is
// re-encoded by sharp (libvips) as WebP in two sizes — without the original's metadata (EXIF, GPS, ICC
// comments), turned upright from its EXIF orientation — in the shop's storage (local folder or S3).
import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import sharp from 'sharp';
import { MAX_PHOTOS, MAX_PIXELS, MIN_SIDE, PHOTO_MAX_BYTES } from '#core/schemas/admin-product.ts';
import { Product, ProductImage } from '#db/entities/product.ts';
import type { FileStorage } from '#server/storage/storage.server.ts';
import { invalidateCatalog } from './catalog.server.ts';

/** The sizes kept, by longest side: product page and catalog card. */
export const PHOTO_SIZES = { large: 1600, thumb: 600 } as const;
export type PhotoSize = keyof typeof PHOTO_SIZES;

type Format = 'png' | 'jpeg' | 'webp';

/** What the first bytes say the file is; null for anything but the three formats the shop takes. */
export function sniffFormat(bytes: Buffer): Format | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return null;
}

function describeOther(bytes: Buffer): string {
  const head = bytes.subarray(0, 512).toString('utf8').trimStart().toLowerCase();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg')))
    return 'SVG drawings are not accepted (they can carry scripts): upload a PNG, JPEG or WebP photo.';
  if (bytes.toString('latin1', 0, 3) === 'GIF') return 'GIF files are not accepted: upload a PNG, JPEG or WebP photo.';
  if (bytes.toString('latin1', 0, 4) === '%PDF') return 'PDF files are not accepted: upload a PNG, JPEG or WebP photo.';
  return 'This file is not a PNG, JPEG or WebP picture (whatever its name says).';
}

export type CheckedPhoto =
  | { ok: true; width: number; height: number; files: Record<PhotoSize, { body: Buffer; width: number; height: number }> }
  | { ok: false; message: string };

/** Decides from the bytes whether the file may become a product photo, and makes its re-encoded sizes. */
export async function checkPhoto(bytes: Buffer): Promise<CheckedPhoto> {
  if (bytes.length === 0) return { ok: false, message: 'Choose a photo to upload.' };
  if (bytes.length > PHOTO_MAX_BYTES) return { ok: false, message: `The file is over ${PHOTO_MAX_BYTES / 1024 / 1024} MB.` };
  if (!sniffFormat(bytes)) return { ok: false, message: describeOther(bytes) };
  let meta: sharp.Metadata;
  try {
    // Reads the header only: a huge picture is refused before it is decoded.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    return { ok: false, message: 'This picture is damaged or incomplete: it cannot be read.' };
  }
  const { width = 0, height = 0 } = meta;
  if (!['png', 'jpeg', 'webp'].includes(meta.format ?? '')) return { ok: false, message: describeOther(bytes) };
  const pixels = width * height;
  if (pixels > MAX_PIXELS)
    return {
      ok: false,
      message: `The picture is ${(pixels / 1e6).toFixed(1)} megapixels (${width} × ${height}); at most ${MAX_PIXELS / 1e6} megapixels.`,
    };
  if (Math.min(width, height) < MIN_SIDE)
    return { ok: false, message: `The picture is ${width} × ${height} pixels; at least ${MIN_SIDE} pixels on each side.` };
  try {
    const files = {} as Record<PhotoSize, { body: Buffer; width: number; height: number }>;
    for (const [size, side] of Object.entries(PHOTO_SIZES) as Array<[PhotoSize, number]>) {
      // failOn 'error': a truncated or corrupt file is refused rather than half-decoded.
      const { data, info } = await sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error' })
        .rotate()
        .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 82 })
        .toBuffer({ resolveWithObject: true });
      files[size] = { body: data, width: info.width, height: info.height };
    }
    return { ok: true, width: files.large.width, height: files.large.height, files };
  } catch {
    return { ok: false, message: 'This picture is damaged or incomplete: it cannot be read.' };
  }
}

export const photoKey = (base: string, size: PhotoSize) => `${base}-${size}.webp`;

export type AddPhotoResult = { ok: true; imageId: number } | { ok: false; field: 'photo' | 'alt'; message: string };

/** Checks the upload, stores both sizes, then records the photo (files first: a row never names a missing file). */
export async function addProductPhoto(
  em: EntityManager,
  storage: FileStorage,
  input: { productId: number; bytes: Buffer; alt: string },
): Promise<AddPhotoResult> {
  const product = await em.findOne(Product, { id: input.productId }, { populate: ['images'] });
  if (!product) return { ok: false, field: 'photo', message: 'That product does not exist.' };
  if (product.images.length >= MAX_PHOTOS) return { ok: false, field: 'photo', message: `A product has at most ${MAX_PHOTOS} photos.` };
  const checked = await checkPhoto(input.bytes);
  if (!checked.ok) return { ok: false, field: 'photo', message: checked.message };
  const base = `products/${product.id}/${photoToken()}`;
  for (const size of Object.keys(PHOTO_SIZES) as PhotoSize[])
    await storage.put(photoKey(base, size), checked.files[size].body, 'image/webp');
  const image = new ProductImage({
    product,
    storageKey: base,
    width: checked.width,
    height: checked.height,
    bytes: checked.files.large.body.length,
    alt: input.alt,
  });
  image.position = Math.max(0, ...product.images.getItems().map((i) => i.position + 1));
  await em.persistAndFlush(image);
  invalidateCatalog();
  return { ok: true, imageId: image.id };
}

/** Removes the photo's row, then its files (a file left behind by a crash is unreachable, never a broken row). */
export async function deleteProductPhoto(em: EntityManager, storage: FileStorage, productId: number, imageId: number): Promise<boolean> {
  const image = await em.findOne(ProductImage, { id: imageId, product: productId });
  if (!image) return false;
  const base = image.storageKey;
  await em.removeAndFlush(image);
  invalidateCatalog();
  for (const size of Object.keys(PHOTO_SIZES) as PhotoSize[]) await storage.delete(photoKey(base, size));
  return true;
}

/** Where the browser gets a photo: the random part of the key makes the URL unguessable and its bytes immutable. */
export function photoUrl(storageKey: string, size: PhotoSize): string {
  return `/images/photos/${storageKey.slice('products/'.length)}-${size}.webp`;
}

/** 12 random URL-safe characters; a storage key's segment starts with a letter or digit, so one starting with - or _ is drawn again. */
export function photoToken(): string {
  for (;;) {
    const token = randomBytes(9).toString('base64url');
    if (/^[A-Za-z0-9]/.test(token)) return token;
  }
}

const PHOTO_PATH = /^(\d{1,10})\/([A-Za-z0-9_-]{12})-(large|thumb)\.webp$/;

/** The bytes behind photoUrl(…) (`<productId>/<token>-<size>.webp`), or null. */
export async function openProductPhoto(storage: FileStorage, path: string) {
  const m = PHOTO_PATH.exec(path);
  if (!m) return null;
  return storage.open(photoKey(`products/${m[1]}/${m[2]}`, m[3] as PhotoSize));
}
