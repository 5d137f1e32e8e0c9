import { Link } from "@remix-run/react";
import { useFormat } from "~/components/ui/format";

/**
 * A figure as a link to the list that makes it up. The accessible name carries what the figure
 * counts, so the link makes sense out of context; `data-figure` names it for tests.
 */
export function FigureLink({ to, value, label, name, money }: { to: string; value: number; label: string; name: string; money?: boolean }) {
  const { count, vnd } = useFormat();
  const text = money ? vnd(value) : count(value);
  return (
    <Link to={to} data-figure={name} aria-label={`${label}: ${text}`} className="tabular-nums">
      {text}
    </Link>
  );
}
