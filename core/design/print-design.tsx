// The personalised poster as a pure SVG component: the live preview and the print renderer (resvg) draw the same markup.
import type { ReactElement } from 'react';
import { between, createRandom, hashString } from './random';
import { getTheme, PRINT_SIZE_MM, type Personalisation, type PrintSize } from './themes';

export interface PrintDesignProps {
  personalisation: Personalisation;
  size: PrintSize;
  className?: string;
  /** Accessible label; defaults to a description built from the personalisation. */
  title?: string;
}

const SERIF = "'DejaVu Serif', Georgia, serif";
const SANS = "Inter, 'DejaVu Sans', sans-serif";

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

/** The seed only uses the words, so switching theme or size keeps the same sky. */
export function designSeed(p: Pick<Personalisation, 'title' | 'place' | 'date'>): number {
  return hashString(`${p.title.trim()}\u0000${p.place.trim()}\u0000${p.date.trim()}`);
}

// Rounded coordinates keep the markup short and byte-identical between runs.
const r2 = (x: number): number => Math.round(x * 100) / 100;

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

function fitFontSize(text: string, maxSize: number, maxWidth: number, letterSpacingEm = 0): number {
  const em = estimateEm(text, letterSpacingEm);
  return em === 0 ? maxSize : Math.min(maxSize, maxWidth / em);
}

/** One line, or two balanced lines when that lets the title be noticeably bigger. */
function layoutTitle(title: string, maxSize: number, maxWidth: number): { lines: string[]; fontSize: number } {
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

interface Point {
  x: number;
  y: number;
}

/** The accessible description of a design: "Poster “Title” — Subtitle — Place, 14 June 2025". */
export function designLabel(p: Personalisation): string {
  const dateText = formatPrintDate(p.date.trim());
  return [`Poster “${p.title.trim()}”`, p.subtitle.trim(), [p.place.trim(), dateText].filter(Boolean).join(', ')]
    .filter(Boolean)
    .join(' — ');
}

/**
 * Stars are drawn as one path per brightness band (a handful of elements instead of 170), which keeps
 * the markup short and the live preview cheap to re-render on every keystroke.
 */
const STAR_OPACITIES = [0.43, 0.59, 0.76, 0.92] as const;
const STAR_MIN_OPACITY = 0.35;

function starBand(opacity: number): number {
  const band = Math.floor(((opacity - STAR_MIN_OPACITY) / (1 - STAR_MIN_OPACITY)) * STAR_OPACITIES.length);
  return Math.min(STAR_OPACITIES.length - 1, Math.max(0, band));
}

/** A filled circle as two arcs, so many of them fit in one path. */
function circlePath(x: number, y: number, r: number): string {
  const rr = r2(r);
  return `M${r2(r2(x) - rr)} ${r2(y)}a${rr} ${rr} 0 1 0 ${r2(2 * rr)} 0a${rr} ${rr} 0 1 0-${r2(2 * rr)} 0`;
}

interface SkyGeometry {
  cx: number;
  cy: number;
  R: number;
  ring: number;
  u: number;
}

interface Sky {
  tilt: number;
  orbits: { r: number; angle: number; planet: number }[];
  /** One path per entry of STAR_OPACITIES. */
  starPaths: string[];
  constellation: Point[];
  brightest: number;
  constellationPath: string;
  ticks: string;
}

// The sky depends only on the seed (the words) and the chart's geometry; typing in the subtitle or
// switching theme redraws the same sky, so a small memo saves recomputing it.
const SKY_MEMO_SIZE = 64;
const skyMemo = new Map<string, Sky>();

function drawSky(seed: number, geometry: SkyGeometry): Sky {
  const key = `${seed}|${geometry.cx}|${geometry.cy}|${geometry.R}|${geometry.ring}|${geometry.u}`;
  const memo = skyMemo.get(key);
  if (memo) {
    skyMemo.delete(key);
    skyMemo.set(key, memo);
    return memo;
  }
  const sky = computeSky(seed, geometry);
  skyMemo.set(key, sky);
  if (skyMemo.size > SKY_MEMO_SIZE) skyMemo.delete(skyMemo.keys().next().value!);
  return sky;
}

function computeSky(seed: number, { cx, cy, R, ring, u }: SkyGeometry): Sky {
  const random = createRandom(seed);
  const tilt = between(random, -28, 28);

  const orbits = [0.34, 0.58, 0.82].map((f) => ({
    r: R * (f + between(random, -0.05, 0.05)),
    angle: between(random, 0, Math.PI * 2),
    planet: between(random, 0.5, 1) * u,
  }));

  const starPaths: string[] = STAR_OPACITIES.map(() => '');
  for (let i = 0; i < 170; i++) {
    const d = R * 0.97 * Math.sqrt(random());
    const a = random() * Math.PI * 2;
    const x = cx + d * Math.cos(a);
    const y = cy + d * Math.sin(a);
    const r = (0.12 + 0.5 * random() ** 3) * u;
    const band = starBand(between(random, STAR_MIN_OPACITY, 1));
    starPaths[band] += circlePath(x, y, r);
  }

  const constellation: Point[] = [];
  const start = { d: R * 0.5 * Math.sqrt(random()), a: random() * Math.PI * 2 };
  let p: Point = { x: cx + start.d * Math.cos(start.a), y: cy + start.d * Math.sin(start.a) };
  let heading = random() * Math.PI * 2;
  constellation.push(p);
  const starCount = 6 + Math.floor(random() * 3);
  while (constellation.length < starCount) {
    let next: Point | null = null;
    for (let attempt = 0; attempt < 8 && !next; attempt++) {
      const turn = between(random, -1.3, 1.3);
      const step = R * between(random, 0.16, 0.3);
      const h = heading + turn + attempt * 0.8;
      const candidate = { x: p.x + step * Math.cos(h), y: p.y + step * Math.sin(h) };
      if (Math.hypot(candidate.x - cx, candidate.y - cy) < R * 0.78) {
        next = candidate;
        heading = h;
      }
    }
    // Boxed in near the rim: head back towards the centre.
    p = next ?? { x: (p.x + cx) / 2, y: (p.y + cy) / 2 };
    constellation.push(p);
  }
  const brightest = Math.floor(random() * constellation.length);
  const constellationPath = constellation.map((s, i) => `${i === 0 ? 'M' : 'L'}${r2(s.x)} ${r2(s.y)}`).join(' ');

  let ticks = '';
  for (let deg = 0; deg < 360; deg += 5) {
    const a = (deg * Math.PI) / 180;
    const inner = R + 0.7 * u;
    const outer = deg % 30 === 0 ? R + ring : R + 1.9 * u;
    ticks += `M${r2(cx + inner * Math.cos(a))} ${r2(cy + inner * Math.sin(a))}L${r2(cx + outer * Math.cos(a))} ${r2(cy + outer * Math.sin(a))}`;
  }

  return { tilt, orbits, starPaths, constellation, brightest, constellationPath, ticks };
}

export function PrintDesign({ personalisation, size, className, title }: PrintDesignProps): ReactElement {
  const { width: W, height: H } = PRINT_SIZE_MM[size];
  const u = W / 100; // every measure is in hundredths of the paper width, so all sizes look alike
  const theme = getTheme(personalisation.theme);
  const { background: bg, foreground: fg, accent, muted } = theme;

  const titleText = personalisation.title.trim();
  const subtitleText = personalisation.subtitle.trim();
  const placeText = personalisation.place.trim().toUpperCase();
  const dateText = formatPrintDate(personalisation.date.trim());
  const label = title ?? designLabel(personalisation);

  // Text block, laid out from the bottom of the page up.
  const textWidth = W - 24 * u;
  const dateY = H - 11 * u;
  const placeY = dateY - 6 * u;
  const dividerY = placeY - 8.5 * u;
  const subtitleY = dividerY - 7 * u;
  const titleBaseY = subtitleText ? subtitleY - 8.5 * u : dividerY - 8.5 * u;
  const titleLayout = layoutTitle(titleText, 11 * u, textWidth);
  const titleLineHeight = titleLayout.fontSize * 1.15;
  const titleTop = titleBaseY - (titleLayout.lines.length - 1) * titleLineHeight - titleLayout.fontSize * 0.8;
  const subtitleSize = fitFontSize(subtitleText, 3.6 * u, textWidth);
  const placeSize = fitFontSize(placeText, 3 * u, textWidth, 0.28);
  const dateSize = fitFontSize(dateText, 2.8 * u, textWidth, 0.12);

  // The chart fills the space above the title.
  const chartTop = 12 * u;
  const chartBottom = titleTop - 7 * u;
  const ring = 3.4 * u;
  const R = Math.min(37 * u, (chartBottom - chartTop) / 2 - ring);
  const cx = W / 2;
  const cy = chartTop + ring + R;

  const sky = drawSky(designSeed(personalisation), { cx, cy, R, ring, u });
  const { tilt, orbits, constellation, brightest, constellationPath } = sky;
  const bright = constellation[brightest];

  const sparkle = (x: number, y: number, s: number) =>
    `M${r2(x)} ${r2(y - s)}Q${r2(x)} ${r2(y)} ${r2(x + s)} ${r2(y)}Q${r2(x)} ${r2(y)} ${r2(x)} ${r2(y + s)}Q${r2(x)} ${r2(y)} ${r2(x - s)} ${r2(y)}Q${r2(x)} ${r2(y)} ${r2(x)} ${r2(y - s)}Z`;

  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} className={className}>
      <title>{label}</title>
      <rect x={0} y={0} width={W} height={H} fill={bg} />
      <rect
        x={r2(5 * u)}
        y={r2(5 * u)}
        width={r2(W - 10 * u)}
        height={r2(H - 10 * u)}
        fill="none"
        stroke={fg}
        strokeOpacity={0.35}
        strokeWidth={r2(0.2 * u)}
      />

      <g>
        <circle cx={r2(cx)} cy={r2(cy)} r={r2(R)} fill={fg} fillOpacity={0.04} />
        <g transform={`rotate(${r2(tilt)} ${r2(cx)} ${r2(cy)})`} fill="none" stroke={fg} strokeOpacity={0.14} strokeWidth={r2(0.15 * u)}>
          {[0.35, 0.7].map((f) => (
            <ellipse key={`m${f}`} cx={r2(cx)} cy={r2(cy)} rx={r2(R * f)} ry={r2(R)} />
          ))}
          <path d={`M${r2(cx)} ${r2(cy - R)}V${r2(cy + R)}`} />
          {[-0.5, 0, 0.5].map((f) => {
            const y = cy + R * f;
            const half = Math.sqrt(R * R - (R * f) ** 2);
            return <path key={`p${f}`} d={`M${r2(cx - half)} ${r2(y)}H${r2(cx + half)}`} />;
          })}
        </g>
        <g fill="none" stroke={muted} strokeOpacity={0.7} strokeWidth={r2(0.18 * u)} strokeDasharray={`${r2(0.5 * u)} ${r2(1.2 * u)}`}>
          {orbits.map((o, i) => (
            <circle key={i} cx={r2(cx)} cy={r2(cy)} r={r2(o.r)} />
          ))}
        </g>
        <g fill={fg}>{sky.starPaths.map((d, i) => (d ? <path key={i} d={d} fillOpacity={STAR_OPACITIES[i]} /> : null))}</g>
        {orbits.map((o, i) => (
          <circle
            key={i}
            cx={r2(cx + o.r * Math.cos(o.angle))}
            cy={r2(cy + o.r * Math.sin(o.angle))}
            r={r2(o.planet)}
            fill={i === 1 ? accent : fg}
            stroke={bg}
            strokeWidth={r2(0.3 * u)}
          />
        ))}
        <path
          d={constellationPath}
          fill="none"
          stroke={accent}
          strokeWidth={r2(0.25 * u)}
          strokeLinejoin="round"
          strokeLinecap="round"
          strokeOpacity={0.9}
        />
        <g fill={accent}>
          {constellation.map((s, i) => (
            <g key={i}>
              <circle cx={r2(s.x)} cy={r2(s.y)} r={r2((i === brightest ? 2.2 : 1.5) * u)} fillOpacity={0.18} />
              <circle cx={r2(s.x)} cy={r2(s.y)} r={r2((i === brightest ? 0.9 : 0.65) * u)} />
            </g>
          ))}
        </g>
        {bright ? <path d={sparkle(bright.x, bright.y, 3.2 * u)} fill={accent} /> : null}
        <circle cx={r2(cx)} cy={r2(cy)} r={r2(R)} fill="none" stroke={fg} strokeWidth={r2(0.35 * u)} />
        <circle cx={r2(cx)} cy={r2(cy)} r={r2(R + ring)} fill="none" stroke={fg} strokeOpacity={0.5} strokeWidth={r2(0.15 * u)} />
        <path d={sky.ticks} fill="none" stroke={fg} strokeOpacity={0.6} strokeWidth={r2(0.15 * u)} />
      </g>

      {titleLayout.lines.map((line, i) => (
        <text
          key={i}
          x={r2(cx)}
          y={r2(titleBaseY - (titleLayout.lines.length - 1 - i) * titleLineHeight)}
          textAnchor="middle"
          fontFamily={SERIF}
          fontSize={r2(titleLayout.fontSize)}
          fill={fg}
        >
          {line}
        </text>
      ))}
      {subtitleText ? (
        <text
          x={r2(cx)}
          y={r2(subtitleY)}
          textAnchor="middle"
          fontFamily={SERIF}
          fontStyle="italic"
          fontSize={r2(subtitleSize)}
          fill={muted}
        >
          {subtitleText}
        </text>
      ) : null}
      <path
        d={`M${r2(cx - 8 * u)} ${r2(dividerY)}H${r2(cx - 2 * u)}M${r2(cx + 2 * u)} ${r2(dividerY)}H${r2(cx + 8 * u)}`}
        stroke={accent}
        strokeWidth={r2(0.25 * u)}
      />
      <path d={sparkle(cx, dividerY, 1.1 * u)} fill={accent} />
      {placeText ? (
        <text
          x={r2(cx + placeSize * 0.14)}
          y={r2(placeY)}
          textAnchor="middle"
          fontFamily={SANS}
          fontWeight={600}
          fontSize={r2(placeSize)}
          letterSpacing={r2(placeSize * 0.28)}
          fill={fg}
        >
          {placeText}
        </text>
      ) : null}
      {dateText ? (
        <text
          x={r2(cx + dateSize * 0.06)}
          y={r2(dateY)}
          textAnchor="middle"
          fontFamily={SANS}
          fontSize={r2(dateSize)}
          letterSpacing={r2(dateSize * 0.12)}
          fill={muted}
        >
          {dateText}
        </text>
      ) : null}
    </svg>
  );
}
