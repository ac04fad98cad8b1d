// Flat illustrations of the plain physical goods, pure SVG so they render the same on server, client and in emails.
import type { ReactElement } from 'react';

export type ProductArtKind = 'frame' | 'tote' | 'mug' | 'card';

export interface ProductArtProps {
  kind: ProductArtKind;
  className?: string;
  /** Accessible label; defaults to a short description of the illustration. */
  title?: string;
}

const C = {
  wall: '#f3ece1',
  shadow: '#2b2118',
  ink: '#2b2118',
  paper: '#fffaf2',
  oak: '#b98a5a',
  oakDark: '#94693f',
  navy: '#1f2f46',
  terracotta: '#c2643c',
  terracottaDark: '#a4502c',
  sage: '#8ea58c',
  mustard: '#e2b04a',
  canvas: '#e6d6b8',
  canvasDark: '#cdb994',
  kraft: '#d6b386',
  kraftDark: '#c29c6c',
} as const;

const DEFAULT_LABELS: Record<ProductArtKind, string> = {
  frame: 'Illustration of an oak picture frame with a mountain print',
  tote: 'Illustration of a canvas tote bag',
  mug: 'Illustration of a ceramic mug',
  card: 'Illustration of a greeting card and envelope',
};

const ART: Record<ProductArtKind, () => ReactElement> = {
  frame: () => (
    <g>
      <path d="M200 62L140 112M200 62L260 112" stroke={C.ink} strokeOpacity={0.5} strokeWidth={2} fill="none" />
      <circle cx={200} cy={60} r={5} fill={C.ink} />
      <rect x={118} y={116} width={176} height={226} rx={4} fill={C.shadow} fillOpacity={0.12} />
      <rect x={108} y={104} width={184} height={232} rx={4} fill={C.oak} />
      <rect x={108} y={104} width={184} height={232} rx={4} fill="none" stroke={C.oakDark} strokeWidth={3} />
      <rect x={122} y={118} width={156} height={204} fill={C.paper} />
      <rect x={142} y={138} width={116} height={164} fill={C.navy} />
      <circle cx={222} cy={184} r={20} fill={C.mustard} />
      <path d="M142 302V262L172 230L196 256L222 222L258 266V302Z" fill={C.sage} />
      <path d="M142 302V280L170 262L200 284L230 266L258 284V302Z" fill={C.terracotta} />
      <circle cx={166} cy={160} r={1.8} fill={C.paper} />
      <circle cx={186} cy={150} r={1.2} fill={C.paper} />
      <circle cx={246} cy={152} r={1.5} fill={C.paper} />
    </g>
  ),
  tote: () => (
    <g>
      <ellipse cx={200} cy={346} rx={112} ry={10} fill={C.shadow} fillOpacity={0.12} />
      <path d="M158 150V118A42 42 0 0 1 242 118V150" fill="none" stroke={C.canvasDark} strokeWidth={12} strokeLinecap="round" />
      <path d="M108 146H292L306 340H94Z" fill={C.canvas} />
      <path d="M108 146H292L293 160H107Z" fill={C.canvasDark} />
      <path d="M158 150V118A42 42 0 0 1 242 118V150" fill="none" stroke={C.canvas} strokeWidth={6} strokeLinecap="round" />
      <circle cx={200} cy={244} r={48} fill={C.navy} />
      <circle cx={200} cy={244} r={48} fill="none" stroke={C.paper} strokeOpacity={0.6} strokeWidth={1.5} strokeDasharray="3 5" />
      <path
        d="M178 262L192 236L206 250L222 226"
        fill="none"
        stroke={C.mustard}
        strokeWidth={2.5}
        strokeLinecap="round"
        strokeLinejoin="round"
      />
      <circle cx={178} cy={262} r={3.5} fill={C.mustard} />
      <circle cx={192} cy={236} r={3.5} fill={C.mustard} />
      <circle cx={206} cy={250} r={3.5} fill={C.mustard} />
      <circle cx={222} cy={226} r={4.5} fill={C.mustard} />
      <circle cx={214} cy={270} r={1.5} fill={C.paper} />
      <circle cx={184} cy={218} r={1.5} fill={C.paper} />
    </g>
  ),
  mug: () => (
    <g>
      <ellipse cx={196} cy={322} rx={104} ry={12} fill={C.shadow} fillOpacity={0.12} />
      <path
        d="M172 96C160 110 184 120 172 136M200 88C188 104 212 116 200 134M228 96C216 110 240 120 228 136"
        fill="none"
        stroke={C.ink}
        strokeOpacity={0.3}
        strokeWidth={5}
        strokeLinecap="round"
      />
      <path d="M256 184C300 180 304 268 252 270" fill="none" stroke={C.terracottaDark} strokeWidth={20} strokeLinecap="round" />
      <path d="M122 158H270V292C270 308 258 320 242 320H150C134 320 122 308 122 292Z" fill={C.terracotta} />
      <ellipse cx={196} cy={158} rx={74} ry={12} fill={C.terracottaDark} />
      <ellipse cx={196} cy={160} rx={66} ry={8} fill={C.ink} fillOpacity={0.75} />
      <rect x={150} y={198} width={92} height={84} rx={6} fill={C.paper} />
      <circle cx={196} cy={240} r={24} fill="none" stroke={C.navy} strokeWidth={2} />
      <circle cx={196} cy={240} r={14} fill="none" stroke={C.navy} strokeWidth={1.5} strokeDasharray="2 3" />
      <circle cx={210} cy={228} r={4} fill={C.mustard} />
      <circle cx={186} cy={250} r={2} fill={C.navy} />
      <path d="M130 170V290" stroke={C.paper} strokeOpacity={0.25} strokeWidth={8} strokeLinecap="round" />
    </g>
  ),
  card: () => (
    <g>
      <ellipse cx={200} cy={336} rx={130} ry={10} fill={C.shadow} fillOpacity={0.12} />
      <g transform="rotate(-6 200 250)">
        <rect x={74} y={176} width={236} height={150} rx={4} fill={C.kraft} />
        <path d="M74 180L192 256L310 180" fill="none" stroke={C.kraftDark} strokeWidth={3} strokeLinejoin="round" />
        <path d="M74 322L170 248M310 322L214 248" fill="none" stroke={C.kraftDark} strokeWidth={2} />
      </g>
      <g transform="rotate(5 236 196)">
        <rect x={164} y={72} width={148} height={206} rx={3} fill={C.shadow} fillOpacity={0.12} transform="translate(6 8)" />
        <rect x={164} y={72} width={148} height={206} rx={3} fill={C.sage} />
        <rect x={178} y={86} width={120} height={178} fill={C.paper} />
        <circle cx={238} cy={152} r={38} fill={C.navy} />
        <path
          d="M222 166L234 142L248 154L258 136"
          fill="none"
          stroke={C.mustard}
          strokeWidth={2}
          strokeLinecap="round"
          strokeLinejoin="round"
        />
        <circle cx={258} cy={136} r={3.5} fill={C.mustard} />
        <circle cx={222} cy={166} r={2.5} fill={C.mustard} />
        <rect x={206} y={210} width={64} height={6} rx={3} fill={C.ink} fillOpacity={0.8} />
        <rect x={218} y={224} width={40} height={4} rx={2} fill={C.ink} fillOpacity={0.4} />
      </g>
    </g>
  ),
};

/** The illustration's default accessible description. */
export function productArtLabel(kind: ProductArtKind): string {
  return DEFAULT_LABELS[kind];
}

export function ProductArt({ kind, className, title }: ProductArtProps): ReactElement {
  const label = title ?? DEFAULT_LABELS[kind];
  const Art = ART[kind];
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" role="img" aria-label={label} className={className}>
      <title>{label}</title>
      <rect x={0} y={0} width={400} height={400} fill={C.wall} />
      <Art />
    </svg>
  );
}
