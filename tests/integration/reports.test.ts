import ExcelJS from "exceljs";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { todayIso } from "~/domain/dates";
import { REPORT_FIGURES } from "~/domain/steering-report";
import { steeringFigures } from "~/models/figures.server";
import { AmendmentSchema, AmendmentStageSchema } from "~/schemas/amendment";
import { createAmendment, moveAmendmentStage } from "~/services/amendment.server";
import { transitionProposal } from "~/services/proposal-workflow.server";
import type { DB } from "../../db/types";
import { createAgencies, createDecisionFor, createProposalFor, createUserWith, type TestUser } from "../support/factories";
import { client, mainContent, visibleText, signedInClient } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// The steering reports as the committee takes them away: the XLSX download, opened here with
// exceljs, has Vietnamese headers, number formats and the figures of steeringFigures; the
// printable page carries the print stylesheet and the same numbers.

let server: TestServer;
let db: Kysely<DB>;
let officerByt: TestUser;
let viewer: TestUser;
let reviewer: TestUser;
let decisionId: number;

const AGENCY_HEADERS = ["Mã", "Bộ, ngành"];
const FIGURE_HEADERS = [
  "Quy định được phê duyệt",
  "Quy định đã thực thi",
  "Quy định quá hạn",
  "Quy định cần nhiệm vụ sửa đổi mới hoặc lý do không cần sửa đổi",
  "Văn bản cần sửa đổi",
  "Văn bản đã sửa đổi xong",
  "Nhiệm vụ sửa đổi",
  "Nhiệm vụ sửa đổi đã ban hành",
  "Nhiệm vụ sửa đổi đã có hiệu lực",
  "Tỷ lệ nhiệm vụ sửa đổi có hiệu lực",
  "Nhiệm vụ sửa đổi quá hạn",
  "Chi phí tiết kiệm được phê duyệt (đồng/năm)",
  "Chi phí đã tiết kiệm (đồng/năm)",
];

beforeAll(async () => {
  server = await startServer({
    seed: async (seedDb) => {
      await createAgencies(seedDb, ["BYT", "BTC"]);
      officerByt = await createUserWith(seedDb, { role: "officer", agencyCode: "BYT" });
      const officerBtc = await createUserWith(seedDb, { role: "officer", agencyCode: "BTC" });
      reviewer = await createUserWith(seedDb, { role: "reviewer" });
      viewer = await createUserWith(seedDb, { role: "viewer" });
      decisionId = await createDecisionFor(seedDb, reviewer, { timeline: "Năm 2023" });
      const amendment = (actor: TestUser, document: string, codes: string[]) =>
        createAmendment(
          seedDb,
          actor,
          AmendmentSchema.parse({ document, doc_type: "", agency: actor.agency_code ?? "", provisions: "", form: "amend", deadline: "", note: "", proposals: codes.join(", ") }),
        );
      const codes: Record<string, string[]> = { BYT: [], BTC: [] };
      for (const [actor, count] of [[officerByt, 3], [officerBtc, 2]] as const) {
        for (let i = 0; i < count; i++) {
          const proposal = await createProposalFor(seedDb, actor, {
            title: `Quy định số ${i + 1} của ${actor.agency_code}`,
            source_document: "15/2018/NĐ-CP",
            source_provision: `khoản ${i + 1} Điều 5`,
            rationale: "Trùng lặp.",
            cost_before_vnd: "1.250.000.000",
            cost_after_vnd: "250.000.000",
          });
          codes[actor.agency_code ?? ""]?.push(proposal.code);
        }
      }
      const a1 = await amendment(officerByt, "54/2017/NĐ-CP", codes.BYT?.slice(0, 2) ?? []);
      await amendment(officerByt, "109/2016/NĐ-CP", codes.BYT?.slice(2) ?? []);
      await amendment(officerBtc, "126/2020/NĐ-CP", codes.BTC ?? []);
      for (const [agency, list] of Object.entries(codes)) {
        for (const code of list) {
          const actor = agency === "BYT" ? officerByt : officerBtc;
          await transitionProposal(seedDb, actor, code, "submit");
          await transitionProposal(seedDb, reviewer, code, "approve", { decisionId });
        }
      }
      await moveAmendmentStage(
        seedDb,
        officerByt,
        a1,
        AmendmentStageSchema.parse({ stage: "in_force", amending_number: "12/2024/NĐ-CP", promulgated_on: "15/03/2024", effective_on: "01/05/2024" }),
      );
    },
  });
  db = server.db();
});

afterAll(async () => {
  await server?.stop();
});

async function openWorkbook(response: Response): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  return workbook;
}

function rowValues(sheet: ExcelJS.Worksheet, row: number): unknown[] {
  return (sheet.getRow(row).values as unknown[]).slice(1);
}

describe("the XLSX report", () => {
  test("a decision's download has Vietnamese headers, frozen bold header rows, number formats and the figures of steeringFigures", async () => {
    const browser = await signedInClient(server.url, viewer);
    const response = await browser.get(`/decisions/${decisionId}/report.xlsx`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const disposition = response.headers.get("Content-Disposition") ?? "";
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+\.xlsx"; filename\*=UTF-8''/);
    expect(disposition).toContain('filename="bao-cao-tinh-hinh-thuc-hien-quyet-dinh-1015-qd-ttg.xlsx"');
    expect(decodeURIComponent(disposition.split("UTF-8''")[1] ?? "")).toBe("Báo cáo tình hình thực hiện Quyết định 1015-QĐ-TTg.xlsx");

    const workbook = await openWorkbook(response);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["Tổng hợp", "Theo bộ, ngành", "Theo quyết định"]);
    for (const sheet of workbook.worksheets) {
      expect(sheet.name.length).toBeLessThanOrEqual(31);
      expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
      expect(sheet.getRow(1).font?.bold).toBe(true);
    }

    const figures = await steeringFigures(db, { decision: decisionId }, todayIso());
    const summary = workbook.getWorksheet("Tổng hợp");
    expect(rowValues(summary!, 1)).toEqual(["Chỉ tiêu", "Số liệu"]);
    REPORT_FIGURES.forEach((figure, index) => {
      expect(rowValues(summary!, index + 2)).toEqual([FIGURE_HEADERS[index], figure.value(figures.total)]);
      expect(summary!.getCell(index + 2, 2).numFmt).toBe(figure.format === "percent" ? "0.0%" : "#,##0");
    });
    expect(figures.total.proposals.byStatus.approved).toBe(5);
    expect(figures.total.amendments.inForce).toBe(1);

    const byAgency = workbook.getWorksheet("Theo bộ, ngành")!;
    expect(rowValues(byAgency, 1)).toEqual([...AGENCY_HEADERS, ...FIGURE_HEADERS]);
    const agencies = await db.selectFrom("agencies").select(["id", "code", "name_vi"]).execute();
    const rows = figures.byAgency
      .map((row) => ({ row, agency: agencies.find((agency) => agency.id === row.agencyId)! }))
      .sort((a, b) => a.agency.code.localeCompare(b.agency.code));
    rows.forEach(({ row, agency }, index) => {
      expect(rowValues(byAgency, index + 2)).toEqual([agency.code, agency.name_vi, ...REPORT_FIGURES.map((figure) => figure.value(row))]);
    });
    expect(rowValues(byAgency, rows.length + 2)[0]).toBe("Tổng cộng");
    expect(byAgency.getCell(2, 3).numFmt).toBe("#,##0");
    expect(byAgency.getCell(2, 12).numFmt).toBe("0.0%");
    expect(byAgency.getCell(2, 14).numFmt).toBe("#,##0");

    const byDecision = workbook.getWorksheet("Theo quyết định")!;
    expect(rowValues(byDecision, 1)).toEqual(["Quyết định", "Số bộ, ngành", ...FIGURE_HEADERS]);
    expect(rowValues(byDecision, 2)).toEqual(["1015/QĐ-TTg", 2, ...REPORT_FIGURES.map((figure) => figure.value(figures.byDecision[0]!))]);
  });

  test("an agency's and a snapshot's downloads carry their figures (a first snapshot has no changes to add; the next one has)", async () => {
    const browser = await signedInClient(server.url, viewer);
    const byt = await db.selectFrom("agencies").select("id").where("code", "=", "BYT").executeTakeFirstOrThrow();
    const agencyBook = await openWorkbook(await browser.get("/agencies/BYT/report.xlsx"));
    const figures = await steeringFigures(db, { agencies: [byt.id] }, todayIso());
    expect(rowValues(agencyBook.getWorksheet("Tổng hợp")!, 2)).toEqual(["Quy định được phê duyệt", figures.total.proposals.byStatus.approved]);
    expect(figures.total.proposals.byStatus.approved).toBe(3);

    const reviewerBrowser = await signedInClient(server.url, reviewer);
    const created = await reviewerBrowser.post("/snapshots/new", { title: "Phiên họp thứ tư", held_on: "19/04/2023" });
    const id = (created.headers.get("Location") ?? "").split("/").pop();
    const snapshotResponse = await browser.get(`/snapshots/${id}/report.xlsx`);
    expect(snapshotResponse.status).toBe(200);
    const snapshotBook = await openWorkbook(snapshotResponse);
    for (const sheet of snapshotBook.worksheets) expect(sheet.name.length).toBeLessThanOrEqual(31);
    expect(snapshotBook.worksheets).toHaveLength(3);
    const whole = await steeringFigures(db, {}, todayIso());
    expect(rowValues(snapshotBook.getWorksheet("Tổng hợp")!, 2)).toEqual(["Quy định được phê duyệt", whole.total.proposals.byStatus.approved]);

    const next = await reviewerBrowser.post("/snapshots/new", { title: "Phiên họp thứ năm", held_on: "20/07/2023" });
    const nextBook = await openWorkbook(await browser.get(`/snapshots/${(next.headers.get("Location") ?? "").split("/").pop()}/report.xlsx`));
    expect(nextBook.worksheets.map((sheet) => sheet.name)).toEqual([
      "Tổng hợp",
      "Theo bộ, ngành",
      "Theo quyết định",
      "Thay đổi - Theo bộ, ngành",
      "Thay đổi - Theo quyết định",
    ]);
    expect(rowValues(nextBook.getWorksheet("Thay đổi - Theo bộ, ngành")!, 1)).toEqual([...AGENCY_HEADERS, ...FIGURE_HEADERS]);
    // nothing changed between the two meetings
    expect(rowValues(nextBook.getWorksheet("Thay đổi - Theo bộ, ngành")!, 2).slice(2, 4)).toEqual([0, 0]);
  });

  test("asks for a signed-in user and answers 404 for what does not exist", async () => {
    expect((await client(server.url).get(`/decisions/${decisionId}/report.xlsx`)).status).toBe(302);
    const browser = await signedInClient(server.url, officerByt);
    expect((await browser.get(`/decisions/${decisionId}/report.xlsx`)).status).toBe(200);
    expect((await browser.get("/decisions/999/report.xlsx")).status).toBe(404);
    expect((await browser.get("/agencies/XYZ/report.xlsx")).status).toBe(404);
    expect((await browser.get("/snapshots/999/report.xlsx")).status).toBe(404);
  });
});

describe("the printable report", () => {
  test("loads the print stylesheet: no navigation, headers repeated on every page, A4 with page numbers", async () => {
    const browser = await signedInClient(server.url, viewer);
    const html = await (await browser.get(`/reports/decisions/${decisionId}`)).text();
    // the report's own stylesheet on top of the app's, whose print rules every page shares
    const hrefs = [...html.matchAll(/<link rel="stylesheet" href="([^"]*\.css)"/g)].map((match) => match[1]!);
    expect(hrefs.some((href) => href.includes("report"))).toBe(true);
    const css = (await Promise.all(hrefs.map(async (href) => (await browser.get(href)).text()))).join("\n");
    expect(css).toMatch(/@page\s*\{[^}]*size:\s*A4/);
    expect(css).toContain("counter(page)");
    expect(css).toMatch(/@media print\s*\{[\s\S]*body\s*>\s*header/);
    expect(css).toMatch(/thead\s*\{\s*display:\s*table-header-group/);
  });

  test("shows the same numbers as steeringFigures, overall and per agency, and the sentence of the committee's report", async () => {
    const browser = await signedInClient(server.url, viewer);
    const html = mainContent(await (await browser.get(`/reports/decisions/${decisionId}`)).text());
    const figures = await steeringFigures(db, { decision: decisionId }, todayIso());
    expect(visibleText(html)).toContain("5 quy định của 2 bộ, ngành được phê duyệt; 3 văn bản cần sửa đổi, 1 văn bản đã sửa đổi xong; 1/3 nhiệm vụ sửa đổi đã có hiệu lực (33,3%), 0 nhiệm vụ sửa đổi quá hạn.");
    const total = /<section aria-labelledby="total"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
    const cell = (part: string, key: string) => visibleText(new RegExp(`data-figure="${key}"[^>]*>([\\s\\S]*?)</td>`).exec(part)?.[1] ?? "");
    expect(cell(total, "approved")).toBe(String(figures.total.proposals.byStatus.approved));
    expect(cell(total, "inForce")).toBe(String(figures.total.amendments.inForce));
    expect(cell(total, "documents")).toBe(String(figures.total.amendments.documents));
    expect(cell(total, "savingApproved")).toBe("5.000.000.000");
    expect(cell(total, "inForceShare")).toBe("33,3%");
    const byAgency = /<section aria-labelledby="by-agency"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
    const bytRow = [...byAgency.matchAll(/<tr\b[\s\S]*?<\/tr>/g)].map((m) => m[0]).find((tr) => visibleText(tr).startsWith("BYT")) ?? "";
    const byt = await db.selectFrom("agencies").select("id").where("code", "=", "BYT").executeTakeFirstOrThrow();
    const bytFigures = figures.byAgency.find((row) => row.agencyId === byt.id)!;
    expect(cell(bytRow, "approved")).toBe(String(bytFigures.proposals.byStatus.approved));
    expect(cell(bytRow, "amendments")).toBe(String(bytFigures.amendments.amendments));
    expect(bytRow).toContain(`href="/proposals?agency=BYT&amp;decision=${decisionId}&amp;status=approved"`);
  });

  test("the decision's own page opens with the same sentence and a progress bar per agency that says its value", async () => {
    const browser = await signedInClient(server.url, viewer);
    const html = mainContent(await (await browser.get(`/decisions/${decisionId}`)).text());
    expect(visibleText(html)).toContain("5 quy định của 2 bộ, ngành được phê duyệt; 3 văn bản cần sửa đổi, 1 văn bản đã sửa đổi xong; 1/3 nhiệm vụ sửa đổi đã có hiệu lực (33,3%), 0 nhiệm vụ sửa đổi quá hạn.");
    expect(html).toContain(`href="/proposals?decision=${decisionId}&amp;status=approved"`);
    expect(html).toMatch(/role="progressbar"[^>]*aria-valuenow="50"/);
    expect(html).toContain('aria-valuetext="1/2 nhiệm vụ sửa đổi có hiệu lực (50,0%)"');
    expect(visibleText(html)).toContain("1/2 nhiệm vụ sửa đổi có hiệu lực (50,0%)");
    expect(html).toContain(`href="/reports/decisions/${decisionId}"`);
    expect(html).toContain(`href="/decisions/${decisionId}/report.xlsx"`);
  });
});
