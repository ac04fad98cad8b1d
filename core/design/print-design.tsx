// The personalised poster as a pure SVG component: the live preview and the print renderer (resvg) draw the same markup.
import type { ReactElement } from 'react';
import { designLabel, fitFontSize, formatPrintDate, layoutTitle } from './print-text';
import { STAR_OPACITIES, designSeed, drawSky, r2 } from './sky';
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
