import type { Transaction } from "kysely";
import type { Actor } from "~/domain/permissions";
import { parseTimeline } from "~/domain/timeline";
import { DECISION_KINDS, type DecisionKind } from "~/domain/vocabulary";
import { DecisionSchema } from "~/schemas/decision";
import { createDecision } from "~/services/decision.server";
import type { DB } from "../types";
import { column, readSeedCsv } from "./csv";
import { parseInput } from "./forms";
import type { Schedule } from "./schedule";

export interface DecisionSpec {
  number: string;
  signedOn: string;
  kind: DecisionKind;
  titleVi: string;
  titleEn: string;
  timeline: string;
  /** The last day of the timeline, as the decision form will compute it. */
  dueOn: string;
  /** Agencies whose plans it approves; empty: every agency active when it was signed. */
  agencies: string[];
}

// decisions.csv has no timeline; these are plausible ones (the sample plan's rows agree).
const CSV_TIMELINES: Record<string, string> = {
  "1015/QĐ-TTg": "Năm 2023",
  "1661/QĐ-TTg": "Năm 2022",
  "1505/QĐ-TTg": "Năm 2023",
  "587/QĐ-TTg": "Năm 2024",
};

const PLAN_TITLE = "Phê duyệt phương án cắt giảm, đơn giản hóa quy định liên quan đến hoạt động kinh doanh thuộc phạm vi chức năng quản lý của";
const PLAN_TITLE_EN = "Approving the plan to cut and simplify business regulations under";

// Illustrative reduction plans for the ministries the CSV does not cover.
const GENERATED: Omit<DecisionSpec, "dueOn">[] = [
  {
    number: "1086/QĐ-TTg",
    signedOn: "2022-09-14",
    kind: "reduction_plan",
    titleVi: `${PLAN_TITLE} Bộ Tài chính`,
    titleEn: `${PLAN_TITLE_EN} the Ministry of Finance`,
    timeline: "Năm 2023",
    agencies: ["BTC"],
  },
  {
    number: "1320/QĐ-TTg",
    signedOn: "2022-11-01",
    kind: "reduction_plan",
    titleVi: `${PLAN_TITLE} Bộ Công Thương`,
    titleEn: `${PLAN_TITLE_EN} the Ministry of Industry and Trade`,
    timeline: "Quý IV/2023",
    agencies: ["BCT"],
  },
  {
    number: "268/QĐ-TTg",
    signedOn: "2023-03-24",
    kind: "reduction_plan",
    titleVi: `${PLAN_TITLE} Bộ Giao thông vận tải, Bộ Xây dựng và Bộ Thông tin và Truyền thông`,
    titleEn: `${PLAN_TITLE_EN} the Ministries of Transport, Construction, and Information and Communications`,
    timeline: "Năm 2024",
    agencies: ["BGTVT", "BXD", "BTTTT"],
  },
  {
    number: "845/QĐ-TTg",
    signedOn: "2024-08-20",
    kind: "reduction_plan",
    titleVi: `${PLAN_TITLE} Bộ Giáo dục và Đào tạo, Bộ Tư pháp, Ngân hàng Nhà nước Việt Nam, Bộ Văn hóa, Thể thao và Du lịch, Bộ Công an và Bộ Nội vụ`,
    titleEn: `${PLAN_TITLE_EN} six ministries and the State Bank of Vietnam`,
    timeline: "Quý IV/2025",
    agencies: ["BGDĐT", "BTP", "NHNN", "BVHTTDL", "BCA", "BNV"],
  },
  {
    number: "1456/QĐ-TTg",
    signedOn: "2025-07-08",
    kind: "reduction_plan",
    titleVi: "Phê duyệt phương án cắt giảm, đơn giản hóa thủ tục hành chính, điều kiện kinh doanh năm 2025 thuộc phạm vi quản lý của các bộ, cơ quan ngang bộ",
    titleEn: "Approving the 2025 plan to cut and simplify administrative procedures and business conditions of ministries and ministerial-level agencies",
    timeline: "Năm 2026",
    agencies: ["BYT", "BTC", "BCT", "BXD", "BNNMT", "BKHCN", "BGDĐT", "BTP", "NHNN", "BVHTTDL", "BCA", "BNV"],
  },
];

function withDueDate(spec: Omit<DecisionSpec, "dueOn">): DecisionSpec {
  const parsed = parseTimeline(spec.timeline);
  if (!parsed.ok) throw new Error(`Demo decision ${spec.number}: unreadable timeline "${spec.timeline}"`);
  return { ...spec, dueOn: parsed.dueOn };
}

export function demoDecisions(): DecisionSpec[] {
  const fromCsv = readSeedCsv("decisions").map((row): Omit<DecisionSpec, "dueOn"> => {
    const number = column(row, "number");
    const signedOn = column(row, "signed_on");
    const kind = column(row, "kind");
    if (!(DECISION_KINDS as readonly string[]).includes(kind)) throw new Error(`decisions.csv: unknown kind "${kind}"`);
    return {
      number,
      signedOn,
      kind: kind as DecisionKind,
      titleVi: column(row, "title_vi"),
      titleEn: column(row, "title_en"),
      timeline: CSV_TIMELINES[number] ?? `Năm ${Number(signedOn.slice(0, 4)) + 1}`,
      agencies: column(row, "agencies").split(";").map((code) => code.trim()).filter(Boolean),
    };
  });
  return [...fromCsv, ...GENERATED].map(withDueDate);
}

/** The secretariat records a decision through the decision service; returns its id. */
function recordDemoDecision(trx: Transaction<DB>, reviewer: Actor, spec: DecisionSpec): Promise<number> {
  const input = parseInput(
    DecisionSchema,
    { number: spec.number, signed_on: spec.signedOn, kind: spec.kind, title_vi: spec.titleVi, title_en: spec.titleEn, timeline: spec.timeline },
    `decision ${spec.number}`,
  );
  return createDecision(trx, reviewer, input);
}

/** Every decision, now (tests that import plans need them); returns ids by number. */
export async function createDemoDecisions(trx: Transaction<DB>, reviewer: Actor, specs: DecisionSpec[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const spec of specs) ids.set(spec.number, await recordDemoDecision(trx, reviewer, spec));
  return ids;
}

/** Each decision recorded by the secretariat on the day it is signed; `ids` fills in as they are. */
export function scheduleDemoDecisions(schedule: Schedule, trx: Transaction<DB>, reviewer: Actor, specs: DecisionSpec[], ids: Map<string, number>): void {
  for (const spec of specs) schedule.add(spec.signedOn, async () => ids.set(spec.number, await recordDemoDecision(trx, reviewer, spec)));
}
