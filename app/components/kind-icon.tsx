// The shape that tells kinds of card apart besides their colour and label (kinds.ts `icon`).
// Drawn as SVG, not emoji or font glyphs: Debian's Chromium fonts lack some symbols.
import { KINDS, type PostKind } from "../../server/market/kinds.ts";

const SHAPES: Record<(typeof KINDS)[PostKind]["icon"], JSX.Element> = {
  triangle: <path d="M5 0.5 9.5 9.5H0.5Z" />,
  circle: <circle cx="5" cy="5" r="4.5" />,
};

export function KindIcon({ kind }: { kind: PostKind }) {
  return (
    <svg className="kind-icon" viewBox="0 0 10 10" width="0.8em" height="0.8em" style={{ fill: `var(${KINDS[kind].colour})` }} aria-hidden="true" focusable="false">
      {SHAPES[KINDS[kind].icon]}
    </svg>
  );
}
