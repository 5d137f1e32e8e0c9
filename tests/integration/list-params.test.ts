import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgencies, createDocumentFor, createProposalFor, createUserWith, type TestUser } from "../support/factories";
import { fieldError, fieldValue, mainContent, signedInClient, visibleText, type Client } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// Every list and the steering pages read their view from the query string. A value they cannot
// use is left out and said so, on the page and beside its filter; a page past the last shows the
// last one and says so; an agency or decision that does not exist is a 404. Never a silent
// wrong page: a count of results above no rows, or "NOPE — NOPE" as a title.

const PROPOSALS = 27; // two pages of 25

let server: TestServer;
let http: Client;

beforeAll(async () => {
  server = await startServer({
    seed: async (db) => {
      await createAgencies(db);
      const officer = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
      const reviewer: TestUser = await createUserWith(db, { role: "reviewer" });
      for (let n = 1; n <= PROPOSALS; n++) await createProposalFor(db, officer, { title: `Yêu cầu số ${n} về giấy phép` });
      await createDocumentFor(db, reviewer);
    },
  });
  http = await signedInClient(server.url, { email: "reviewer@tinhgon.test", password: "mat-khau-kiem-thu-2025" });
});

afterAll(async () => {
  await server?.stop();
});

/** The notice of left-out values: the names it lists (data-ignored-params) and its text. */
function ignoredNotice(html: string): { names: string[]; text: string } | undefined {
  const match = /<div role="alert"[^>]*data-ignored-params="([^"]*)"[^>]*>([\s\S]*?)<\/div>/.exec(html);
  return match ? { names: (match[1] ?? "").split(" "), text: visibleText(match[2] ?? "") } : undefined;
}

async function page(path: string): Promise<string> {
  const response = await http.get(path);
  expect(response.status, path).toBe(200);
  return mainContent(await response.text());
}

describe("a page past the last", () => {
  it("shows the last page of proposals and says the page asked for does not exist", async () => {
    const html = await page("/proposals?page=999");
    expect(ignoredNotice(html)).toEqual({
      names: ["page"],
      text: expect.stringContaining("Trang “999”: Không có trang này: danh sách có 2 trang, đang hiển thị trang cuối.") as string,
    });
    const text = visibleText(html);
    expect(text).toContain(`${PROPOSALS} kết quả`);
    expect(text).toContain("Trang 2/2");
    expect(text).not.toContain("Trang 999");
    // the last page's rows: proposals 26 and 27 in code order
    expect(html.match(/href="\/proposals\/BYT-\d{4}"/g)).toEqual(['href="/proposals/BYT-0026"', 'href="/proposals/BYT-0027"']);
  });

  it.each(["/amendments?page=5", "/documents?page=5"])("says so on %s too", async (path) => {
    const html = await page(path);
    expect(ignoredNotice(html)?.text).toContain("Trang “5”: Không có trang này: danh sách có 1 trang");
    expect(visibleText(html)).toContain("Trang 1/1");
  });

  it("a page that is no page number is reported too", async () => {
    expect(ignoredNotice(await page("/proposals?page=abc"))?.text).toContain("Trang “abc”: Số trang phải là số nguyên từ 1.");
  });
});

describe("a filter value that cannot be used", () => {
  const CASES = [
    { path: "/proposals?due_from=31/02/2023&status=approved", field: "due_from", label: "Hạn từ ngày", value: "31/02/2023", message: "Ngày không hợp lệ (dd/mm/yyyy)." },
    { path: "/proposals?status=finished", field: "status", label: "Trạng thái", value: "finished", message: "Giá trị không hợp lệ." },
    { path: "/amendments?stage=someday", field: "stage", label: "Tiến độ", value: "someday", message: "Giá trị không hợp lệ." },
    { path: "/documents?type=poem", field: "type", label: "Loại", value: "poem", message: "Giá trị không hợp lệ." },
    { path: "/deadlines?all=1&within=45", field: "within", label: "Trong vòng", value: "45", message: "Giá trị không hợp lệ." },
    { path: "/dashboard?approved_from=2023-13-01", field: "approved_from", label: "Phê duyệt từ ngày", value: "2023-13-01", message: "Ngày không hợp lệ (dd/mm/yyyy)." },
    { path: "/dashboard/charts?all=1&type=everything", field: "type", label: "Loại", value: "everything", message: "Giá trị không hợp lệ." },
  ];

  it.each(CASES)("$path: said above the filters and beside the filter", async ({ path, field, label, value, message }) => {
    const html = await page(path);
    const notice = ignoredNotice(html);
    expect(notice?.names).toEqual([field]);
    expect(notice?.text).toContain(`${label} “${value}”: ${message}`);
    expect(fieldError(html, field)).toBe(message);
  });

  it("a date that is no date stays in its box to be corrected; the valid filters still apply", async () => {
    const html = await page("/proposals?due_from=31/02/2023&status=approved");
    expect(fieldValue(html, "due_from")).toBe("31/02/2023");
    expect(fieldValue(html, "status")).toBe("approved");
    expect(visibleText(html)).toContain("0 kết quả");
  });

  it("a list with nothing wrong says nothing", async () => {
    expect(ignoredNotice(await page("/proposals?status=draft&due_from=01/01/2023&sort=due&dir=desc"))).toBeUndefined();
    expect(ignoredNotice(await page("/proposals?page=2"))).toBeUndefined();
  });

  it("in English, in English", async () => {
    http.setCookie("tg_lang", "en");
    try {
      expect(ignoredNotice(await page("/proposals?page=999"))?.text).toContain("Page “999”: There is no such page: the list has 2 pages; the last one is shown.");
    } finally {
      http.setCookie("tg_lang", "vi");
    }
  });
});

describe("an agency or decision that does not exist", () => {
  const PATHS = [
    "/proposals?agency=NOPE",
    "/proposals?decision=999",
    "/amendments?agency=NOPE",
    "/amendments?needed=1&decision=999",
    "/documents?agency=NOPE",
    "/documents?to_amend=1&amendment_agency=NOPE",
    "/deadlines?agency=NOPE",
    "/dashboard?agency=NOPE",
    "/dashboard?decision=999",
    "/dashboard/charts?agency=NOPE",
    "/proposals/export.csv?agency=NOPE",
    "/amendments/export.xlsx?agency=NOPE",
    "/documents/export.csv?agency=NOPE",
    "/deadlines/export.csv?agency=NOPE",
  ];

  it.each(PATHS)("%s is a 404", async (path) => {
    const response = await http.get(path);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("NOPE — NOPE");
  });

  it("an agency that exists is no 404", async () => {
    expect((await http.get("/dashboard?agency=BYT")).status).toBe(200);
    expect((await http.get("/proposals?agency=byt")).status).toBe(200);
  });
});

describe("values no list can use", () => {
  it("a page number past any integer and a search too long are both reported, the long one quoted in part", async () => {
    const html = await page(`/proposals?${new URLSearchParams({ q: "giấy phép ".repeat(50), page: "99999999999999999999" })}`);
    expect(ignoredNotice(html)?.names).toEqual(["q", "page"]);
    expect(ignoredNotice(html)?.text).toContain(`Từ khóa “${"giấy phép ".repeat(50).slice(0, 60)}…”: Quá dài (tối đa 200 ký tự).`);
    expect(visibleText(html)).toContain(`${PROPOSALS} kết quả`);
  });
});
