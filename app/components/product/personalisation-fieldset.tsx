import { getCollectionProps, getInputProps, type FieldMetadata } from '@conform-to/react';
import { Field, FieldError } from '#app/components/field.tsx';
import { DEFAULT_THEME_ID, THEMES } from '#core/design/themes.ts';
import { PERSONALISATION_LIMITS } from '#core/schemas/personalisation.ts';

type PersonalisationFields = Record<'title' | 'subtitle' | 'place' | 'date' | 'theme', FieldMetadata<string | undefined>>;

/** The personalisation part of a print's "Add to cart" form: the words, the date and the colour theme. */
export function PersonalisationFieldset({ fields }: { fields: PersonalisationFields }) {
  // One theme is always chosen: an unknown one from a hand-made URL shows the default (and its message).
  const initialTheme = THEMES.find((t) => t.id === fields.theme.initialValue)?.id ?? DEFAULT_THEME_ID;
  return (
    <fieldset className="stack">
      <legend>Personalise</legend>
      {/* Longer than allowed can be typed, so the message says what the limit is rather than the field stopping short. */}
      <Field
        label="Title"
        {...getInputProps(fields.title, { type: 'text' })}
        error={fields.title.errors}
        maxLength={PERSONALISATION_LIMITS.title + 20}
        required
      />
      <Field label="Subtitle" {...getInputProps(fields.subtitle, { type: 'text' })} error={fields.subtitle.errors} hint="Optional" />
      <div className="form-row">
        <Field label="Place" {...getInputProps(fields.place, { type: 'text' })} error={fields.place.errors} required />
        <Field label="Date" {...getInputProps(fields.date, { type: 'date' })} error={fields.date.errors} required />
      </div>
      <fieldset aria-describedby={fields.theme.errors ? fields.theme.errorId : undefined}>
        <legend>Colour theme</legend>
        <div className="theme-swatches">
          {getCollectionProps(fields.theme, { type: 'radio', options: THEMES.map((t) => t.id), value: false, ariaAttributes: false }).map(
            ({ key, ...radio }) => {
              const t = THEMES.find((candidate) => candidate.id === radio.value)!;
              return (
                <label key={key}>
                  <input {...radio} defaultChecked={t.id === initialTheme} />
                  <span className="swatch" style={{ ['--swatch-bg' as string]: t.background, ['--swatch-accent' as string]: t.accent }} />
                  <span className="swatch-label">{t.label}</span>
                </label>
              );
            },
          )}
        </div>
        <FieldError id={fields.theme.errorId} error={fields.theme.errors} />
      </fieldset>
    </fieldset>
  );
}
