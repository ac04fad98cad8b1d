// The poster's sky chart: orbits, stars in brightness bands and a constellation, drawn from a seed of the words so
// the same words always give the same sky, whatever the theme or size.
import { between, createRandom, hashString } from './random';
import type { Personalisation } from './themes';

/** The seed only uses the words, so switching theme or size keeps the same sky. */
export function designSeed(p: Pick<Personalisation, 'title' | 'place' | 'date'>): number {
  return hashString(`${p.title.trim()}\u0000${p.place.trim()}\u0000${p.date.trim()}`);
}

// Rounded coordinates keep the markup short and byte-identical between runs.
export const r2 = (x: number): number => Math.round(x * 100) / 100;

export interface Point {
  x: number;
  y: number;
}

/**
 * Stars are drawn as one path per brightness band (a handful of elements instead of 170), which keeps
 * the markup short and the live preview cheap to re-render on every keystroke.
 */
export const STAR_OPACITIES = [0.43, 0.59, 0.76, 0.92] as const;
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

export interface SkyGeometry {
  cx: number;
  cy: number;
  R: number;
  ring: number;
  u: number;
}

export interface Sky {
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

export function drawSky(seed: number, geometry: SkyGeometry): Sky {
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
