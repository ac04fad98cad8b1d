// The poster's words: dates as printed, font sizes that fit the width, the title's line breaks, and the design's
// accessible description. Sizes are estimated (no font metrics), generously, so text never overflows.
import type { Personalisation } from './themes';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** "2025-06-14" → "14 June 2025"; anything that is not a real YYYY-MM-DD date is returned as given. */
export function formatPrintDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const name = MONTHS[month - 1];
  if (!name || day < 1 || day > daysInMonth(year, month)) return date;
  return `${day} ${name} ${year}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A deliberately generous width estimate (in em) so text never overflows, whatever the fallback font. */
function estimateEm(text: string, letterSpacingEm = 0): number {
  let em = 0;
  let count = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    count++;
    if (cp >= 0x2e80)
      em += 1.05; // CJK, emoji and other wide glyphs
    else if (ch === ' ') em += 0.32;
    else if (/[iljfrtI.,:;'’!|()[\]-]/.test(ch)) em += 0.4;
    else if (/[mwMW@]/.test(ch)) em += 0.98;
    else if (/[A-Z0-9&]/.test(ch)) em += 0.76;
    else em += 0.62;
  }
  return em + letterSpacingEm * count;
}

export function fitFontSize(text: string, maxSize: number, maxWidth: number, letterSpacingEm = 0): number {
  const em = estimateEm(text, letterSpacingEm);
  return em === 0 ? maxSize : Math.min(maxSize, maxWidth / em);
}

/** One line, or two balanced lines when that lets the title be noticeably bigger. */
export function layoutTitle(title: string, maxSize: number, maxWidth: number): { lines: string[]; fontSize: number } {
  const single = fitFontSize(title, maxSize, maxWidth);
  const words = title.split(/\s+/).filter(Boolean);
  if (single >= maxSize * 0.8 || words.length < 2) return { lines: [title], fontSize: single };
  let best = { lines: [title], fontSize: single };
  const twoLineMax = maxSize * 0.72;
  for (let i = 1; i < words.length; i++) {
    const first = words.slice(0, i).join(' ');
    const second = words.slice(i).join(' ');
    const size = Math.min(fitFontSize(first, twoLineMax, maxWidth), fitFontSize(second, twoLineMax, maxWidth));
    if (size > best.fontSize * 1.15) best = { lines: [first, second], fontSize: size };
  }
  return best;
}

/** The accessible description of a design: "Poster “Title” — Subtitle — Place, 14 June 2025". */
export function designLabel(p: Personalisation): string {
  const dateText = formatPrintDate(p.date.trim());
  return [`Poster “${p.title.trim()}”`, p.subtitle.trim(), [p.place.trim(), dateText].filter(Boolean).join(', ')]
    .filter(Boolean)
    .join(' — ');
}
