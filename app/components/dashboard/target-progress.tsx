import { Link } from "@remix-run/react";
import type { AgencyProgress, TargetProgress, TargetShare } from "~/services/baseline.server";
import { FigureLink } from "./figure-link";
import { figureLinks, type ScopeParams } from "./figure-links";
import { useFormat } from "~/components/ui/format";

type ShareKey = "regulationsApproved" | "regulationsRealized" | "costApproved" | "costRealized";
const SHARES: { key: ShareKey; link: "approved" | "implemented" | "savingApproved" | "savingRealized"; money: boolean }[] = [
  { key: "regulationsApproved", link: "approved", money: false },
  { key: "regulationsRealized", link: "implemented", money: false },
  { key: "costApproved", link: "savingApproved", money: true },
  { key: "costRealized", link: "savingRealized", money: true },
];

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
                    <ShareCell share={progress.overall![share.key]} money={share.money} target={target} label={`${t("dashboard.target.overall")}, ${t(`dashboard.target.${share.key}`)}`} />
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
      {SHARES.map((share) => {
        const label = `${row.code}, ${t(`dashboard.target.${share.key}`)}`;
        return (
          <td key={share.key} className="p-2">
            <ShareCell share={row[share.key]} money={share.money} target={target} label={label} to={links[share.link]} name={`target.${share.key}`} />
          </td>
        );
      })}
    </tr>
  );
}

/** "12 / 340" (the first a link to its list when given), and a bar from 0 to the target with its percentage. */
function ShareCell({ share, money, target, label, to, name }: { share: TargetShare; money: boolean; target: number; label: string; to?: string; name?: string }) {
  const { count, vnd } = useFormat();
  const format = money ? vnd : count;
  return (
    <div className="space-y-1">
      <p className="whitespace-nowrap">
        {to && name ? <FigureLink to={to} value={share.done} label={label} name={name} money={money} /> : <span className="tabular-nums">{format(share.done)}</span>} /{" "}
        <span className="tabular-nums">{format(share.of)}</span>
      </p>
      <ProgressBar percent={share.percent} target={target} label={label} />
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
    <div className="flex items-start gap-2">
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
