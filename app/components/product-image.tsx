import { PrintDesign } from '#core/design/print-design.tsx';
import { ProductArt } from '#core/design/product-art.tsx';
import { SAMPLE_PERSONALISATION, THEMES, type Personalisation, type PrintSize } from '#core/design/themes.ts';

/** The product's picture drawn inline: its own design for prints (the live preview), an illustration for plain goods. */
export function ProductImage({
  kind,
  art,
  personalisation,
  printSize,
  index = 0,
  className,
}: {
  kind: 'print' | 'good';
  art: 'frame' | 'tote' | 'mug' | 'card' | null;
  personalisation?: Personalisation | null;
  printSize?: PrintSize | null;
  index?: number;
  className?: string;
}) {
  if (kind === 'good' || !printSize) return <ProductArt kind={art ?? 'frame'} className={className} />;
  const theme = THEMES[index % THEMES.length]?.id ?? 'midnight';
  return <PrintDesign personalisation={personalisation ?? { ...SAMPLE_PERSONALISATION, theme }} size={printSize} className={className} />;
}

/**
 * A product picture served as a cacheable file (see app/utils/product-images.server.ts): for the
 * catalog and for products without a live preview, so their pages do not inline the SVG.
 */
export function ProductPicture({
  image,
  className,
  lazy = false,
}: {
  image: { src: string; width: number; height: number; alt: string };
  className?: string;
  /** Below the fold: let the browser load it when it is about to be seen. */
  lazy?: boolean;
}) {
  return (
    <img
      src={image.src}
      width={image.width}
      height={image.height}
      alt={image.alt}
      className={className}
      decoding="async"
      loading={lazy ? 'lazy' : 'eager'}
    />
  );
}
