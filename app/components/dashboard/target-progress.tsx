import { Link } from "~/components/ui/link";
import type { AgencyProgress, TargetProgress, TargetShare } from "~/domain/target";
import type { FigureUnit } from "~/domain/steering-report";
import { figureData, FigureLink } from "./figure-link";
import { figureLinks, type ScopeParams } from "./figure-links";
import { useFormat } from "~/components/ui/format";

type ShareKey = "regulationsApproved" | "regulationsRealized" | "costApproved" | "costRealized";
/** Each share is "done of the baseline": approved or implemented regulations of the baseline's, VND of its yearly cost. */
const SHARES: { key: ShareKey; link: "approved" | "implemented" | "savingApproved" | "savingRealized"; unit: FigureUnit; baseline: "baselineRegulations" | "baselineCost" }[] = [
  { key: "regulationsApproved", link: "approved", unit: "regulation", baseline: "baselineRegulations" },
  { key: "regulationsRealized", link: "implemented", unit: "regulation", baseline: "baselineRegulations" },
  { key: "costApproved", link: "savingApproved", unit: "vnd_per_year", baseline: "baselineCost" },
  { key: "costRealized", link: "savingRealized", unit: "vnd_per_year", baseline: "baselineCost" },
];
type Share = (typeof SHARES)[number];

/** Progress toward the 20% targets, per agency with a baseline and over all of them. */
export function TargetProgressTable({
  progress,
  scope,
  target,
  canManage,
}: {
  progress: TargetProgress;
  scope: ScopeParams;
  target: number;
  canManage: boolean;
}) {
  const { t } = useFormat();
  const manage = canManage ? (
    <p className="no-print">
      <Link to="/admin/baselines">{t("dashboard.target.manage")}</Link>
    </p>
  ) : null;
  if (!progress.overall) {
    return (
      <>
        <p>{t("dashboard.target.none")}</p>
        {manage}
      </>
    );
  }
  return (
    <>
      <p className="text-sm text-slate-700">{t("dashboard.target.intro", { target })}</p>
      <p className="text-sm text-slate-700">{t("dashboard.target.scale", { target })}</p>
      <div className="overflow-x-auto">
        <table className="w-full border-collapse bg-white text-sm" data-table="target">
          <thead className="bg-slate-100">
            <tr>
              <th scope="col" className="p-2 text-left">{t("dashboard.target.agency")}</th>
              {SHARES.map((share) => (
                <th key={share.key} scope="col" className="p-2 text-left">
                  {t(`dashboard.target.${share.key}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {progress.agencies.map((row) => (
              <ProgressRow key={row.code} row={row} scope={{ ...scope, agency: row.code }} target={target} />
            ))}
          </tbody>
          {progress.agencies.length > 1 ? (
            <tfoot className="border-t-2 border-slate-400">
              <tr>
                <th scope="row" className="p-2 text-left">{t("dashboard.target.overall")}</th>
                {SHARES.map((share) => (
                  <td key={share.key} className="p-2">
                    <ShareCell value={progress.overall![share.key]} share={share} target={target} context={t("dashboard.target.overall")} />
                  </td>
                ))}
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
      {manage}
    </>
  );
}

function ProgressRow({ row, scope, target }: { row: AgencyProgress; scope: ScopeParams; target: number }) {
  const { t, date } = useFormat();
  const links = figureLinks(scope);
  return (
    <tr className="border-t border-slate-200 align-top" data-agency={row.code}>
      <th scope="row" className="p-2 text-left">
        <Link to={`/agencies/${row.code}`}>{row.code}</Link>
        <span className="block text-xs font-normal text-slate-600">
          {t("dashboard.target.baselineOn")}: {date(row.baselineOn)}
        </span>
      </th>
      {SHARES.map((share) => (
        <td key={share.key} className="p-2">
          <ShareCell value={row[share.key]} share={share} target={target} context={row.code} to={links[share.link]} />
        </td>
      ))}
    </tr>
  );
}

/**
 * "12 / 340": done (a link to its list when given) of the baseline, both of the share's unit,
 * and a bar from 0 to the target with its percentage.
 */
function ShareCell({ value, share, target, context, to }: { value: TargetShare; share: Share; target: number; context: string; to?: string }) {
  const { t, count, vnd } = useFormat();
  const money = share.unit === "vnd_per_year";
  const label = `${context}, ${t(`dashboard.target.${share.key}`)}`;
  const done = { name: `target.${share.key}`, unit: share.unit, compare: `target.${share.key}`, label };
  const of = { ...done, name: `target.${share.key}.of`, label: `${context}, ${t(`dashboard.target.${share.baseline}`)}` };
  const format = money ? vnd : count;
  return (
    <div className="space-y-1">
      <p className="whitespace-nowrap">
        {to ? (
          <FigureLink to={to} value={value.done} money={money} {...done} />
        ) : (
          <span className="tabular-nums" {...figureData(done)}>
            {format(value.done)}
          </span>
        )}{" "}
        /{" "}
        <span className="tabular-nums" {...figureData(of)}>
          {format(value.of)}
        </span>
      </p>
      <ProgressBar percent={value.percent} target={target} label={label} />
    </div>
  );
}

/**
 * A bar from 0 to the target (full means the target is reached), its scale written under it,
 * and the percentage beside it; the same in words for screen readers, and "reached" in text
 * rather than only in colour.
 */
export function ProgressBar({ percent, target, label }: { percent: number; target: number; label: string }) {
  const { t, percent: formatPercent } = useFormat();
  const reached = percent >= target;
  const text = t(reached ? "dashboard.target.barReached" : "dashboard.target.bar", { percent: formatPercent(percent), target });
  return (
    // the percentage goes under the bar where the cell is narrow (on paper)
    <div className="flex flex-wrap items-start gap-x-2">
      <div className="w-24 shrink-0">
        <div
          role="progressbar"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={target}
          aria-valuenow={Math.round(Math.min(percent, target) * 10) / 10}
          aria-valuetext={text}
          className="h-2.5 overflow-hidden rounded border border-slate-500 bg-slate-100 [print-color-adjust:exact]"
        >
          <div className={`h-full ${reached ? "bg-green-700" : "bg-blue-700"}`} style={{ width: `${Math.min(percent / target, 1) * 100}%` }} />
        </div>
        <p className="flex justify-between text-[0.65rem] leading-tight text-slate-700" aria-hidden="true" data-bar-scale="">
          <span>0</span>
          <span>{t("dashboard.target.barEnd", { target })}</span>
        </p>
      </div>
      <span className="text-xs whitespace-nowrap" aria-hidden="true">
        {formatPercent(percent)}
        {reached ? ` ✓ ${t("dashboard.target.reached")}` : ""}
      </span>
    </div>
  );
}
