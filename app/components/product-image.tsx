import { PrintDesign } from '#core/design/print-design.tsx';
import { ProductArt } from '#core/design/product-art.tsx';
import { SAMPLE_PERSONALISATION, THEMES, type Personalisation, type PrintSize } from '#core/design/themes.ts';

/** The product's picture: its own design for prints, an illustration for plain goods. */
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
