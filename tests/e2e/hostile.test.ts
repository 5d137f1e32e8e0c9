import Papa from "papaparse";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { AgencyNamesSchema } from "~/schemas/agency";
import { AmendmentSchema } from "~/schemas/amendment";
import { commentOnAmendment, createAmendment } from "~/services/amendment.server";
import { renameAgency } from "~/services/agency.server";
import { commentOnProposal } from "~/services/proposal-workflow.server";
import { IMPORT_COLUMNS } from "~/services/import/layout";
import { type BrowserTest, login, startBrowserTest, waitForHydration } from "../support/browser";
import { createAgencies, createDecisionFor, createDocumentFor, createProposalFor, createUserWith, type TestUser } from "../support/factories";
import { signedInClient } from "../support/http";
import { SCRIPT_KINDS } from "../support/hostile";

// Issue 11 §2: what was stored with script in it is shown as text. Every text of a proposal, a
// document, a decision, an amendment, an agency's name and comments carries each script-capable
// kind of tests/support/hostile.ts, stored through the services the forms call; their pages, the
// lists, search and the dashboard open in Chromium, hydrated, and nothing runs: no dialog, no
// window.__hostile, no script the CSP had to refuse, no javascript: link.

let app: BrowserTest;
let page: Page;
let officer: TestUser;
let records: { proposal: string; document: number; decision: number; amendment: number };
let upload: string;

/** Every script-capable kind in one text, within `max` characters. */
function scripts(max: number): string {
  return SCRIPT_KINDS.map((kind) => kind.value)
    .reduce((text, value) => (text.length + value.length + 1 <= max ? `${text} ${value}` : text), "")
    .trim();
}

beforeAll(async () => {
  app = await startBrowserTest({
    seed: async (db) => {
      await createAgencies(db);
      const admin = await createUserWith(db, { role: "admin" });
      officer = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
      await renameAgency(db, admin, "BYT", AgencyNamesSchema.parse({ name_vi: scripts(300), name_en: scripts(300) }));
      const document = await createDocumentFor(db, admin, { number: "54/2017/NĐ-CP", title: scripts(1000) });
      const decision = await createDecisionFor(db, admin, { title_vi: scripts(1000), title_en: scripts(1000) });
      const proposal = await createProposalFor(db, officer, {
        title: scripts(1000),
        source_document: "54/2017/NĐ-CP",
        source_provision: scripts(300),
        proposed_change: scripts(4000),
        rationale: scripts(4000),
        procedure_code: SCRIPT_KINDS[0]!.value.slice(0, 30),
      });
      await commentOnProposal(db, officer, proposal.code, scripts(4000));
      const amendment = await createAmendment(
        db,
        officer,
        AmendmentSchema.parse({ document: "54/2017/NĐ-CP", agency: "BYT", form: "amend", provisions: scripts(1000), note: scripts(2000), proposals: proposal.code }),
      );
      await commentOnAmendment(db, officer, amendment, scripts(2000));
      records = { proposal: proposal.code, document, decision, amendment };
    },
  });
  // an upload whose rows carry the kinds: its report quotes the refused cells
  const http = await signedInClient(app.server.url, officer);
  const rows = SCRIPT_KINDS.map((kind) => IMPORT_COLUMNS.map((column) => (column.key === "agency" ? "BYT" : kind.value)));
  const response = await http.upload("/proposals/import", { name: `${SCRIPT_KINDS[0]!.value}.csv`, bytes: new TextEncoder().encode(Papa.unparse([IMPORT_COLUMNS.map((column) => column.header), ...rows])) });
  expect(response.status).toBe(302);
  upload = response.headers.get("location") ?? "";

  page = await app.newPage();
  await page.addInitScript(() => {
    const violations: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = violations;
    // zod probes once whether it may compile its parsers (new Function), which the CSP refuses: no page text is in it
    document.addEventListener("securitypolicyviolation", (event) => {
      if (event.blockedURI !== "eval") violations.push(`${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}: ${event.sample}`);
    });
  });
  await login(page, officer);
}, 60_000);

afterAll(async () => {
  await app?.stop();
});

test("no page showing the stored values runs any of them", async () => {
  const dialogs: string[] = [];
  const blocked: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(`${page.url()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy") && !message.text().includes("evaluate a string as JavaScript")) blocked.push(`${page.url()}: ${message.text()}`);
  });
  const typed = encodeURIComponent(SCRIPT_KINDS[0]!.value);
  const pages = [
    `/proposals/${records.proposal}`,
    `/proposals/${records.proposal}/edit`,
    `/proposals?q=${typed}`,
    "/proposals?q=hostile+alert",
    "/search?q=hostile+alert",
    `/search?q=${typed}`,
    "/dashboard",
    "/deadlines",
    `/documents/${records.document}`,
    "/documents?q=hostile",
    `/decisions/${records.decision}`,
    `/reports/decisions/${records.decision}`,
    `/amendments/${records.amendment}`,
    "/amendments",
    "/agencies/BYT",
    upload,
  ];
  for (const path of pages) {
    await page.goto(path);
    await waitForHydration(page);
    const state = await page.evaluate(() => ({
      ran: (window as unknown as { __hostile?: unknown }).__hostile,
      violations: (window as unknown as { __cspViolations: string[] }).__cspViolations,
      scriptLinks: [...document.querySelectorAll("[href], [src], [action], [formaction]")]
        .map((element) => element.getAttribute("href") ?? element.getAttribute("src") ?? element.getAttribute("action") ?? element.getAttribute("formaction") ?? "")
        .filter((address) => /^\s*javascript:/i.test(address)),
      shown: document.querySelector("main")?.textContent ?? "",
    }));
    expect(state.ran, path).toBeUndefined();
    expect(state.violations, path).toEqual([]);
    expect(state.scriptLinks, path).toEqual([]);
    // the values are there, as text
    if (!/^\/(dashboard|deadlines|reports)/.test(path)) expect(state.shown, path).toContain("window.__hostile=1");
  }
  expect(dialogs).toEqual([]);
  expect(blocked).toEqual([]);
  console.log(`hostile values checked inert on ${pages.length} pages`);
}, 120_000);
