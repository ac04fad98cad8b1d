// Print sizes, colour themes and the personalisation shape: the data the design is drawn from.

export const PRINT_SIZES = ['A4', 'A3', '50x70'] as const;
export type PrintSize = (typeof PRINT_SIZES)[number];

/** Paper size in millimetres, portrait; the design's viewBox uses these units. */
export const PRINT_SIZE_MM: Record<PrintSize, { width: number; height: number }> = {
  A4: { width: 210, height: 297 },
  A3: { width: 297, height: 420 },
  '50x70': { width: 500, height: 700 },
};

/** Pixel size of a print-ready file at 300 dpi. */
export const PRINT_SIZE_PX_300DPI: Record<PrintSize, { width: number; height: number }> = {
  A4: { width: 2480, height: 3508 },
  A3: { width: 3508, height: 4961 },
  '50x70': { width: 5906, height: 8268 },
};

export interface Theme {
  readonly id: string;
  readonly label: string;
  readonly background: string;
  readonly foreground: string;
  readonly accent: string;
  readonly muted: string;
}

// Every foreground, accent and muted colour is at least 4.5:1 on its background (WCAG AA for body text).
export const THEMES = [
  { id: 'midnight', label: 'Midnight', background: '#0f1b2d', foreground: '#f4efe4', accent: '#e8b65a', muted: '#a7b3c7' },
  { id: 'sand', label: 'Sand', background: '#efe6d6', foreground: '#2a2018', accent: '#9c4221', muted: '#6a5846' },
  { id: 'forest', label: 'Forest', background: '#1d3a2e', foreground: '#f1ecdf', accent: '#dcb65e', muted: '#a9c2b2' },
  { id: 'blush', label: 'Blush', background: '#f7e1dd', foreground: '#3b1d26', accent: '#a1334b', muted: '#765059' },
  { id: 'mono', label: 'Mono', background: '#f7f7f5', foreground: '#111111', accent: '#c0392b', muted: '#5a5a5a' },
] as const satisfies readonly Theme[];

export type ThemeId = (typeof THEMES)[number]['id'];

export const DEFAULT_THEME_ID: ThemeId = 'midnight';

/** The theme for an id; unknown ids fall back to the default so a stale cart line still renders. */
export function getTheme(id: ThemeId | string): (typeof THEMES)[number] {
  return THEMES.find((t) => t.id === id) ?? THEMES[0];
}

export type Personalisation = {
  title: string;
  subtitle: string;
  place: string;
  /** YYYY-MM-DD */
  date: string;
  theme: ThemeId;
};

export const SAMPLE_PERSONALISATION: Personalisation = {
  title: 'The night we met',
  subtitle: 'Under the same stars',
  place: 'Lisbon, Portugal',
  date: '2025-06-14',
  theme: 'midnight',
};
