import { useEffect, useState, type ReactNode } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { useFormat } from "~/components/ui/format";
import { STAGE_ORDER } from "~/domain/amendment";
import type { SteeringSeries } from "~/domain/series";

// The steering committee's three charts. Recharts draws only in the browser (it measures and
// lays out in effects), so the server sends each chart's data table and a placeholder of the
// chart's size; the SVG replaces the placeholder after hydration and prints as vector graphics.

const CHART_HEIGHT = 320;
const CHART_STYLE = { width: "100%", height: CHART_HEIGHT } as const;
// what every chart shares: its frame, its tick labels, and the x axis of the per-agency bars
const CHART_FRAME = { responsive: true, accessibilityLayer: false, style: CHART_STYLE, margin: { top: 8, right: 16, bottom: 8, left: 0 } } as const;
const TICK = { fill: "#334155", fontSize: 12 } as const;
const GRID = { stroke: "#cbd5e1", strokeDasharray: "3 3" } as const;
const AGENCY_AXIS = { dataKey: "agency", tick: TICK, interval: 0, angle: -45, textAnchor: "end", height: 56 } as const;

/** Colour-blind-safe (viridis), light to dark along the law-making pipeline. */
const STAGE_COLOURS: Record<(typeof STAGE_ORDER)[number], string> = {
  not_started: "#fde725",
  drafting: "#90d743",
  consultation: "#35b779",
  appraisal: "#21918c",
  submitted: "#31688e",
  promulgated: "#443983",
  in_force: "#440154",
};

/** Okabe–Ito blue and vermilion: told apart with every common colour-vision deficiency. */
const BLUE = "#0072b2";
const VERMILION = "#d55e00";
const GREEN = "#009e73";

/** Legend labels in the text colour: a pale series colour (viridis yellow) is unreadable as text. */
function legendText(value: string) {
  return <span style={{ color: "#1e293b" }}>{value}</span>;
}

function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/** "2023-04" as "04/2023" (vi) or "Apr 2023" (en). */
function useMonthLabel() {
  const { locale } = useFormat();
  return (month: string) => {
    const [year = "", number = ""] = month.split("-");
    if (locale === "vi") return `${number}/${year}`;
    const names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    return `${names[Number(number) - 1] ?? number} ${year}`;
  };
}

/** A chart with its heading, the drawing (after hydration) and its data table, kept together in print. */
function ChartSection({ id, title, chart, table }: { id: string; title: string; chart: ReactNode; table: ReactNode }) {
  const { t } = useFormat();
  const hydrated = useHydrated();
  return (
    <section aria-labelledby={`${id}-title`} className="space-y-3 rounded border border-slate-300 bg-white p-4 break-inside-avoid">
      <h2 id={`${id}-title`} className="text-lg font-semibold">{title}</h2>
      {/* the drawing repeats the table below: hidden from screen readers, so nothing in it may take focus (accessibilityLayer={false}) */}
      <figure aria-hidden="true" className="print:[&_svg]:h-auto print:[&_svg]:max-w-full">
        {hydrated ? (
          chart
        ) : (
          <div style={{ height: CHART_HEIGHT }} className="no-print flex items-center justify-center rounded bg-slate-50 p-4 text-center text-slate-600">
            {t("charts.drawing")}
          </div>
        )}
      </figure>
      {/* a scrolling box must be reachable by keyboard; print shows every row. Named apart from
          its section, whose name is the chart's title: two regions of one name cannot be told apart */}
      <div role="region" aria-label={`${t("charts.dataTable")}: ${title}`} tabIndex={0} className="max-h-96 overflow-auto print:max-h-none print:overflow-visible">
        {table}
      </div>
    </section>
  );
}

function Table({ caption, head, children }: { caption: string; head: ReactNode; children: ReactNode }) {
  return (
    <table className="w-full border-collapse text-sm">
      <caption className="mb-1 text-left text-slate-700">{caption}</caption>
      <thead className="sticky top-0 bg-slate-100 print:static">{head}</thead>
      <tbody>{children}</tbody>
    </table>
  );
}

const TH = "p-2 text-left";
const TH_NUMBER = "p-2 text-right";
const TD_NUMBER = "p-2 text-right tabular-nums";

export function ProgressChart({ monthly }: Pick<SteeringSeries, "monthly">) {
  const { t } = useFormat();
  const monthLabel = useMonthLabel();
  const { count: number } = useFormat();
  const approved = t("charts.progress.approved");
  const implemented = t("charts.progress.implemented");
  const rows = monthly.map((point) => ({ ...point, label: monthLabel(point.month) }));
  return (
    <ChartSection
      id="chart-progress"
      title={t("charts.progress.title")}
      chart={
        <LineChart {...CHART_FRAME} data={rows}>
          <CartesianGrid {...GRID} />
          <XAxis dataKey="label" tick={TICK} minTickGap={16} />
          <YAxis allowDecimals={false} tick={TICK} tickFormatter={number} />
          <Tooltip formatter={(value) => number(Number(value))} />
          <Legend itemSorter={null} formatter={legendText} />
          <Line type="stepAfter" dataKey="approved" name={approved} stroke={BLUE} strokeWidth={2.5} dot={false} isAnimationActive={false} />
          <Line type="stepAfter" dataKey="implemented" name={implemented} stroke={GREEN} strokeWidth={2.5} strokeDasharray="6 3" dot={false} isAnimationActive={false} />
        </LineChart>
      }
      table={
        <Table
          caption={t("charts.progress.caption")}
          head={
            <tr>
              <th scope="col" className={TH}>{t("charts.progress.month")}</th>
              <th scope="col" className={TH_NUMBER}>{approved}</th>
              <th scope="col" className={TH_NUMBER}>{implemented}</th>
            </tr>
          }
        >
          {rows.map((row) => (
            <tr key={row.month} className="border-t border-slate-200">
              <th scope="row" className="p-2 text-left font-normal whitespace-nowrap">{row.label}</th>
              <td className={TD_NUMBER}>{number(row.approved)}</td>
              <td className={TD_NUMBER}>{number(row.implemented)}</td>
            </tr>
          ))}
        </Table>
      }
    />
  );
}

export function StageChart({ stagesByAgency }: Pick<SteeringSeries, "stagesByAgency">) {
  const { t } = useFormat();
  const { count: number } = useFormat();
  const rows = stagesByAgency.map((agency) => ({ agency: agency.agencyCode, ...agency.stages }));
  return (
    <ChartSection
      id="chart-stages"
      title={t("charts.stages.title")}
      chart={
        <BarChart {...CHART_FRAME} data={rows}>
          <CartesianGrid {...GRID} vertical={false} />
          <XAxis {...AGENCY_AXIS} />
          <YAxis allowDecimals={false} tick={TICK} tickFormatter={number} />
          <Tooltip formatter={(value) => number(Number(value))} />
          <Legend itemSorter={null} formatter={legendText} />
          {STAGE_ORDER.map((stage) => (
            <Bar key={stage} dataKey={stage} name={t(`labels.stage.${stage}`)} stackId="stages" fill={STAGE_COLOURS[stage]} isAnimationActive={false} />
          ))}
        </BarChart>
      }
      table={
        <Table
          caption={t("charts.stages.caption")}
          head={
            <tr>
              <th scope="col" className={TH}>{t("charts.agency")}</th>
              {STAGE_ORDER.map((stage) => (
                <th key={stage} scope="col" className={TH_NUMBER}>{t(`labels.stage.${stage}`)}</th>
              ))}
              <th scope="col" className={TH_NUMBER}>{t("charts.total")}</th>
            </tr>
          }
        >
          {stagesByAgency.map((agency) => (
            <tr key={agency.agencyId} className="border-t border-slate-200">
              <th scope="row" className="p-2 text-left font-normal">{agency.agencyCode}</th>
              {STAGE_ORDER.map((stage) => (
                <td key={stage} className={TD_NUMBER}>{number(agency.stages[stage])}</td>
              ))}
              <td className={`${TD_NUMBER} font-semibold`}>{number(agency.total)}</td>
            </tr>
          ))}
        </Table>
      }
    />
  );
}

export function OverdueChart({ overdueByAgency }: Pick<SteeringSeries, "overdueByAgency">) {
  const { t } = useFormat();
  const { count: number } = useFormat();
  const proposals = t("charts.overdue.proposals");
  const amendments = t("charts.overdue.amendments");
  const rows = overdueByAgency.map((agency) => ({ agency: agency.agencyCode, proposals: agency.proposals, amendments: agency.amendments }));
  return (
    <ChartSection
      id="chart-overdue"
      title={t("charts.overdue.title")}
      chart={
        <BarChart {...CHART_FRAME} data={rows}>
          <CartesianGrid {...GRID} vertical={false} />
          <XAxis {...AGENCY_AXIS} />
          <YAxis allowDecimals={false} tick={TICK} tickFormatter={number} />
          <Tooltip formatter={(value) => number(Number(value))} />
          <Legend itemSorter={null} formatter={legendText} />
          <Bar dataKey="proposals" name={proposals} fill={VERMILION} isAnimationActive={false} />
          <Bar dataKey="amendments" name={amendments} fill={BLUE} isAnimationActive={false} />
        </BarChart>
      }
      table={
        <Table
          caption={t("charts.overdue.caption")}
          head={
            <tr>
              <th scope="col" className={TH}>{t("charts.agency")}</th>
              <th scope="col" className={TH_NUMBER}>{proposals}</th>
              <th scope="col" className={TH_NUMBER}>{amendments}</th>
            </tr>
          }
        >
          {overdueByAgency.map((agency) => (
            <tr key={agency.agencyId} className="border-t border-slate-200">
              <th scope="row" className="p-2 text-left font-normal">{agency.agencyCode}</th>
              <td className={TD_NUMBER}>{number(agency.proposals)}</td>
              <td className={TD_NUMBER}>{number(agency.amendments)}</td>
            </tr>
          ))}
        </Table>
      }
    />
  );
}

/** The three charts for one scope (see steeringSeries in app/models/series.server.ts). */
export function SteeringCharts({ data }: { data: SteeringSeries }) {
  const { t } = useFormat();
  const empty = data.monthly.length === 0 && data.stagesByAgency.length === 0 && data.overdueByAgency.length === 0;
  if (empty) return <p>{t("charts.noData")}</p>;
  return (
    <div className="space-y-4">
      <ProgressChart monthly={data.monthly} />
      <StageChart stagesByAgency={data.stagesByAgency} />
      <OverdueChart overdueByAgency={data.overdueByAgency} />
    </div>
  );
}
