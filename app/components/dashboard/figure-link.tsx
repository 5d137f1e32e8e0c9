import { Link } from "~/components/ui/link";
import { useFormat } from "~/components/ui/format";
import type { FigureUnit } from "~/domain/steering-report";

/** What a shown figure counts, machine-readable (tests/integration/figure-units.test.ts reads it). */
export interface FigureMeaning {
  /** Names the figure (say, "approved" or "agency.in_force"). */
  name: string;
  /** The kind of record it counts. */
  unit: FigureUnit;
  /** The comparison it is read in (figures side by side or "x of y"): all of one unit. */
  compare: string;
  /** Its label as shown beside it (a heading, a term), which names the unit. */
  label: string;
}

/** The data attributes that mark a figure: `data-figure`, `data-unit`, `data-compare`, `data-label`. */
export function figureData({ name, unit, compare, label }: FigureMeaning) {
  return { "data-figure": name, "data-unit": unit, "data-compare": compare, "data-label": label };
}

/**
 * A figure as a link to the list that makes it up. The accessible name carries what the figure
 * counts, so the link makes sense out of context.
 */
export function FigureLink({
  to,
  value,
  money,
  ...meaning
}: FigureMeaning & { to: string; value: number; money?: boolean }) {
  const { count, vnd } = useFormat();
  const text = money ? vnd(value) : count(value);
  return (
    <Link to={to} {...figureData(meaning)} aria-label={`${meaning.label}: ${text}`} className="tabular-nums">
      {text}
    </Link>
  );
}
