import { formatPrintDate } from '#core/design/print-text.ts';
import { getTheme, type Personalisation } from '#core/design/themes.ts';

/** What a print says (title, subtitle, place, date), and its colours when `withTheme`: a cart line, an order item. */
export function PersonalisationSummary({
  personalisation: p,
  withTheme = false,
}: {
  personalisation: Personalisation;
  withTheme?: boolean;
}) {
  return (
    <dl className="cart-item__summary">
      <dt>Title</dt>
      <dd>{p.title}</dd>
      {p.subtitle ? (
        <>
          <dt>Subtitle</dt>
          <dd>{p.subtitle}</dd>
        </>
      ) : null}
      <dt>Place</dt>
      <dd>{p.place}</dd>
      <dt>Date</dt>
      <dd>{formatPrintDate(p.date)}</dd>
      {withTheme ? (
        <>
          <dt>Colours</dt>
          <dd>{getTheme(p.theme).label}</dd>
        </>
      ) : null}
    </dl>
  );
}
