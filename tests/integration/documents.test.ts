import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Agency } from "../../db/types";
import { createAgencies, createDocumentFor, createUserWith, proposalFields, type TestUser } from "../support/factories";
import { client, fieldError, fieldValue, mainContent, signedInOnce, type SignedIn, visibleText } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// The register of legal documents over HTTP: numbers kept as written and matched however they
// are typed, who may record and edit documents, and what the pages say when something is refused.

let server: TestServer;
/** One sign-in per user for the whole file (tests/support/http.ts): these tests are not about sessions. */
let signedIn: SignedIn;
let agencies: Record<string, Agency>;
let officerByt: TestUser;
let reviewer: TestUser;
let viewer: TestUser;

const DECREE_TITLE = "Nghị định quy định chi tiết thi hành một số điều của Luật An toàn thực phẩm";

beforeAll(async () => {
  server = await startServer({
    seed: async (db) => {
      agencies = await createAgencies(db);
      officerByt = await createUserWith(db, { role: "officer", agencyCode: "BYT" });
      reviewer = await createUserWith(db, { role: "reviewer" });
      viewer = await createUserWith(db, { role: "viewer" });
    },
  });
  signedIn = signedInOnce(server.url);
});

afterAll(async () => {
  await server?.stop();
});

async function count(table: "legal_documents" | "events"): Promise<number> {
  const row = await server.db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return row.n;
}

function documentById(id: number) {
  return server.db().selectFrom("legal_documents").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

function documentEvents(documentId: number) {
  return server
    .db()
    .selectFrom("events")
    .selectAll()
    .where("entity_type", "=", "legal_document")
    .where("entity_id", "=", documentId)
    .orderBy("id")
    .execute();
}

/** A complete document form as a browser posts it; tests override the fields they are about. */
function documentForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    number: "15/2018/NĐ-CP",
    doc_type: "",
    title: DECREE_TITLE,
    issued_on: "02/02/2018",
    effective_on: "02/02/2018",
    status: "in_force",
    lead_agency: "BYT",
    ...overrides,
  };
}

function expectNoTrace(html: string) {
  expect(html).not.toMatch(/\bat [\w$.<>]+ \(?[^\s)]*:\d+:\d+\)?/);
  expect(html).not.toContain("Error:");
  expect(html).not.toContain("node_modules");
}

/** The ids of the documents a list page links to, in page order. */
function linkedDocumentIds(html: string): number[] {
  return [...mainContent(html).matchAll(/href="\/documents\/(\d+)"/g)].map((match) => Number(match[1]));
}

describe("recording a document", () => {
  let decreeId: number;

  test("a reviewer's form is stored with the number as written, its key, type, year and issuer, and one create event", async () => {
    const browser = await signedIn(reviewer);
    const response = await browser.post("/documents/new", documentForm());
    expect(response.status).toBe(302);
    const location = response.headers.get("location") ?? "";
    expect(location).toMatch(/^\/documents\/\d+$/);
    decreeId = Number(location.split("/").pop());

    expect(await documentById(decreeId)).toMatchObject({
      number: "15/2018/NĐ-CP",
      number_key: "15/2018/ND-CP",
      number_recognized: 1,
      doc_type: "decree",
      year: 2018,
      issuer: "CP",
      title: DECREE_TITLE,
      issued_on: "2018-02-02",
      effective_on: "2018-02-02",
      status: "in_force",
      lead_agency_id: agencies.BYT!.id,
      version: 1,
    });
    const events = await documentEvents(decreeId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "create", actor_id: reviewer.id, agency_id: agencies.BYT!.id });

    const page = await browser.get(location);
    expect(page.status).toBe(200);
    const main = mainContent(await page.text());
    expect(main).toContain("15/2018/NĐ-CP");
    expect(main).toContain(DECREE_TITLE);
    expect(main).toContain("Nghị định");
    expect(main).toContain("02/02/2018");
  });

  test("the same number typed without diacritics is refused beside the number field, naming the document that has it", async () => {
    const browser = await signedIn(reviewer);
    const [documentsBefore, eventsBefore] = [await count("legal_documents"), await count("events")];

    const response = await browser.post("/documents/new", documentForm({ number: "15/2018/nd-cp", title: "Bản trùng số" }));
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(fieldError(html, "number")).toBe(`Số văn bản này đã có: 15/2018/NĐ-CP — ${DECREE_TITLE}.`);
    expect(fieldError(html, "title")).toBeUndefined();
    expect(fieldValue(html, "number")).toBe("15/2018/nd-cp");
    expect(fieldValue(html, "title")).toBe("Bản trùng số");
    expect([await count("legal_documents"), await count("events")]).toEqual([documentsBefore, eventsBefore]);
    expect((await documentById(decreeId)).title).toBe(DECREE_TITLE);
  });

  test("an impossible date is refused beside its field, keeping what was typed; nothing is stored", async () => {
    const browser = await signedIn(reviewer);
    const documentsBefore = await count("legal_documents");
    const response = await browser.post(
      "/documents/new",
      documentForm({ number: "80/2019/NĐ-CP", issued_on: "31/02/2024", effective_on: "" }),
    );
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("Chưa lưu được: vui lòng sửa 1 lỗi bên dưới.");
    expect(fieldError(html, "issued_on")).toBe("Ngày không hợp lệ (dd/mm/yyyy).");
    expect(fieldError(html, "number")).toBeUndefined();
    expect(fieldValue(html, "issued_on")).toBe("31/02/2024");
    expect(fieldValue(html, "number")).toBe("80/2019/NĐ-CP");
    expect(await count("legal_documents")).toBe(documentsBefore);
  });

  test("a viewer gets 403 for the form and its post, and nothing is stored", async () => {
    const browser = await signedIn(viewer);
    expect((await browser.get("/documents/new")).status).toBe(403);
    const [documentsBefore, eventsBefore] = [await count("legal_documents"), await count("events")];
    const response = await browser.post("/documents/new", documentForm({ number: "99/2020/NĐ-CP" }));
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(mainContent(html)).toContain("Không có quyền");
    expectNoTrace(html);
    expect([await count("legal_documents"), await count("events")]).toEqual([documentsBefore, eventsBefore]);
  });
});

describe("finding documents", () => {
  let decree: number;
  let lookalike: number;
  let circular: number;
  let otherYear: number;

  beforeAll(async () => {
    const db = server.db();
    const existing = await db.selectFrom("legal_documents").select("id").where("number_key", "=", "15/2018/ND-CP").executeTakeFirst();
    decree = existing?.id ?? (await createDocumentFor(db, reviewer, { number: "15/2018/NĐ-CP", title: DECREE_TITLE }));
    lookalike = await createDocumentFor(db, reviewer, {
      number: "115/2018/NĐ-CP",
      title: "Nghị định quy định xử phạt vi phạm hành chính về an toàn thực phẩm",
    });
    circular = await createDocumentFor(db, reviewer, {
      number: "15/2018/TT-BYT",
      title: "Thông tư quy định về đăng ký lưu hành thuốc",
      issued_on: "18/05/2018",
      effective_on: "01/07/2018",
    });
    otherYear = await createDocumentFor(db, reviewer, {
      number: "15/2019/NĐ-CP",
      title: "Nghị định quy định chi tiết một số điều của Luật Giáo dục nghề nghiệp",
      issued_on: "01/02/2019",
      effective_on: "01/02/2019",
    });
  });

  async function search(q: string): Promise<{ ids: number[]; html: string }> {
    const browser = await signedIn(viewer);
    const response = await browser.get(`/documents?${new URLSearchParams({ q })}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    return { ids: linkedDocumentIds(html), html: mainContent(html) };
  }

  test("the number typed in lower case without diacritics finds exactly that document", async () => {
    const { ids, html } = await search("15/2018/nd-cp");
    expect(ids).toEqual([decree]);
    expect(html).toContain("1 kết quả");
  });

  test("number and year find every document of that number and year, but never 115/2018", async () => {
    const { ids, html } = await search("15/2018");
    expect(ids).toContain(decree);
    expect(ids).toContain(circular);
    expect(ids).not.toContain(lookalike);
    expect(ids).not.toContain(otherYear);
    expect(html).toContain("2 kết quả");
  });

  test("the type written first and the number after still find the decree alone", async () => {
    const { ids } = await search("nđ-cp 15/2018");
    expect(ids).toEqual([decree]);
  });

  test("title words typed without diacritics find the documents whose titles have them all", async () => {
    const { ids } = await search("an toan thuc pham");
    expect(ids.sort()).toEqual([decree, lookalike].sort());

    const narrower = await search("xu phat an toan thuc pham");
    expect(narrower.ids).toEqual([lookalike]);

    const none = await search("giao thong duong thuy");
    expect(none.ids).toEqual([]);
    expect(none.html).toContain("Không có kết quả phù hợp.");
  });
});

describe("editing a document", () => {
  test("an officer may edit a document its own agency leads, but gets 403 on another agency's", async () => {
    const db = server.db();
    const own = await createDocumentFor(db, reviewer, {
      number: "54/2017/NĐ-CP",
      title: "Nghị định quy định chi tiết một số điều của Luật Dược",
      issued_on: "08/05/2017",
      effective_on: "01/07/2017",
      lead_agency: "BYT",
    });
    const foreign = await createDocumentFor(db, reviewer, {
      number: "126/2020/NĐ-CP",
      title: "Nghị định quy định chi tiết một số điều của Luật Quản lý thuế",
      issued_on: "19/10/2020",
      effective_on: "05/12/2020",
      lead_agency: "BTC",
    });
    const browser = await signedIn(officerByt);

    const edit = await browser.get(`/documents/${own}/edit`);
    expect(edit.status).toBe(200);
    const editHtml = await edit.text();
    expect(fieldValue(editHtml, "number")).toBe("54/2017/NĐ-CP");
    expect(fieldValue(editHtml, "issued_on")).toBe("08/05/2017");
    expect(fieldValue(editHtml, "version")).toBe("1");

    const saved = await browser.post(
      `/documents/${own}/edit`,
      documentForm({
        number: "54/2017/NĐ-CP",
        title: "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Dược",
        issued_on: "08/05/2017",
        effective_on: "01/07/2017",
        status: "amended",
        lead_agency: "BYT",
        version: "1",
      }),
    );
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`/documents/${own}`);
    expect(await documentById(own)).toMatchObject({
      title: "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Dược",
      status: "amended",
      version: 2,
    });

    const before = await documentById(foreign);
    const eventsBefore = await count("events");
    expect((await browser.get(`/documents/${foreign}/edit`)).status).toBe(403);
    const refused = await browser.post(
      `/documents/${foreign}/edit`,
      documentForm({ number: "126/2020/NĐ-CP", title: "Sửa trái phép", lead_agency: "BTC", version: "1" }),
    );
    expect(refused.status).toBe(403);
    expect(mainContent(await refused.text())).toContain("Không có quyền");
    expect(await documentById(foreign)).toEqual(before);
    expect(await count("events")).toBe(eventsBefore);
  });

  test("an edit made against an old version is refused with 409 and overwrites nothing", async () => {
    const id = await createDocumentFor(server.db(), reviewer, {
      number: "01/2021/TT-BKHĐT",
      title: "Thông tư hướng dẫn về đăng ký doanh nghiệp",
      issued_on: "16/03/2021",
      effective_on: "01/05/2021",
    });
    const browser = await signedIn(reviewer);
    const form = (title: string) =>
      documentForm({ number: "01/2021/TT-BKHĐT", title, issued_on: "16/03/2021", effective_on: "01/05/2021", lead_agency: "", version: "1" });

    const fresh = await browser.post(`/documents/${id}/edit`, form("Thông tư hướng dẫn về đăng ký doanh nghiệp (bản sửa)"));
    expect(fresh.status).toBe(302);

    const stale = await browser.post(`/documents/${id}/edit`, form("Bản sửa dựa trên phiên bản cũ"));
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain("Hồ sơ vừa được người khác thay đổi; nội dung bạn nhập chưa được lưu.");
    expect(fieldValue(html, "title")).toBe("Bản sửa dựa trên phiên bản cũ");
    expect(await documentById(id)).toMatchObject({ title: "Thông tư hướng dẫn về đăng ký doanh nghiệp (bản sửa)", version: 2 });

    const updates = (await documentEvents(id)).filter((event) => event.action === "update");
    expect(updates).toHaveLength(1);
    expect(JSON.parse(updates[0]!.changes ?? "null")).toEqual({
      title: ["Thông tư hướng dẫn về đăng ký doanh nghiệp", "Thông tư hướng dẫn về đăng ký doanh nghiệp (bản sửa)"],
    });
  });

  test("a viewer's post to the edit form is refused with 403", async () => {
    const id = await createDocumentFor(server.db(), reviewer, { number: "02/2022/UBTVQH15", title: "Pháp lệnh Chi phí tố tụng" });
    const before = await documentById(id);
    const browser = await signedIn(viewer);
    const response = await browser.post(`/documents/${id}/edit`, documentForm({ number: "02/2022/UBTVQH15", title: "Sửa trái phép", version: "1" }));
    expect(response.status).toBe(403);
    expect(await documentById(id)).toEqual(before);
  });
});

describe("suggestions for a number field", () => {
  async function suggest(q: string, user: TestUser = viewer, lang?: string): Promise<{ value: string; label: string }[]> {
    const browser = await signedIn(user);
    if (lang) browser.setCookie("tg_lang", lang);
    const response = await browser.get(`/documents/suggest?${new URLSearchParams({ q })}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    return (await response.json()) as { value: string; label: string }[];
  }

  beforeAll(async () => {
    const db = server.db();
    for (const [number, title] of [
      ["15/2018/NĐ-CP", DECREE_TITLE],
      ["155/2018/NĐ-CP", "Nghị định sửa đổi điều kiện đầu tư kinh doanh"],
      ["01/2021/TT-BKHĐT", "Thông tư hướng dẫn về đăng ký doanh nghiệp"],
    ] as const) {
      const exists = await db.selectFrom("legal_documents").select("id").where("number", "=", number).executeTakeFirst();
      if (!exists) await createDocumentFor(db, reviewer, { number, title });
    }
  });

  test("offers the register's numbers that start with what is typed, however it is typed, with their titles", async () => {
    expect(await suggest("15/2018/nd")).toEqual([{ value: "15/2018/NĐ-CP", label: DECREE_TITLE }]);
    expect(await suggest("15 / 2018 / NĐ - C")).toEqual([{ value: "15/2018/NĐ-CP", label: DECREE_TITLE }]);
    expect((await suggest("1/2021/tt-bkhd")).map((s) => s.value)).toEqual(["01/2021/TT-BKHĐT"]);
    const fifteen = (await suggest("15")).map((s) => s.value);
    expect(fifteen).toContain("15/2018/NĐ-CP");
    expect(fifteen).toContain("155/2018/NĐ-CP");
    expect(fifteen.length).toBeLessThanOrEqual(10);
    expect(await suggest("   ")).toEqual([]);
    expect(await suggest("999/2099")).toEqual([]);
  });

  test("a document without a title says so in the reader's language", async () => {
    const db = server.db();
    await db.insertInto("legal_documents").values({
      number: "77/2077/NĐ-CP",
      number_key: "77/2077/ND-CP",
      doc_type: "decree",
      year: 2077,
      issuer: "CP",
      title: null,
      status: "in_force",
      lead_agency_id: null,
      search_text: "77/2077/nd-cp 77/2077/nd-cp",
    }).execute();
    expect(await suggest("77/2077")).toEqual([{ value: "77/2077/NĐ-CP", label: "Chưa có trích yếu (cần bổ sung thông tin)" }]);
    expect(await suggest("77/2077", viewer, "en")).toEqual([{ value: "77/2077/NĐ-CP", label: "Title not recorded yet (to be completed)" }]);
  });

  test("answers only signed-in users, like the documents list", async () => {
    const response = await client(server.url).get("/documents/suggest?q=15");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/login/);
  });
});

describe("documents registered from a number typed elsewhere", () => {
  const UNTITLED = "Chưa có trích yếu (cần bổ sung thông tin)";
  let officerBtc: TestUser;
  let fromProposal: number;
  let fromAmendment: number;
  let amending: number;
  let amendmentId: number;

  beforeAll(async () => {
    officerBtc = await createUserWith(server.db(), { role: "officer", agencyCode: "BTC" });
    const byt = await signedIn(officerByt);
    const proposal = await byt.post("/proposals/new", proposalFields("BYT", { source_document: "109/2016/nd-cp" }));
    expect(proposal.status).toBe(302);
    const amendment = await byt.post("/amendments/new", { document: " 5 / 2024 / tt - byt ", doc_type: "", agency: "BYT", form: "amend", provisions: "", deadline: "", note: "", proposals: "" });
    expect(amendment.status).toBe(302);
    amendmentId = Number((amendment.headers.get("location") ?? "").split("/").pop());
    const stage = await byt.post(`/amendments/${amendmentId}`, {
      intent: "stage",
      stage: "promulgated",
      amending_number: "7/2025/tt-byt",
      amending_type: "",
      promulgated_on: "15/03/2025",
      effective_on: "",
      reason: "",
      version: "1",
    });
    expect(stage.status).toBe(302);
    const byKey = (key: string) => server.db().selectFrom("legal_documents").select("id").where("number_key", "=", key).executeTakeFirstOrThrow();
    fromProposal = (await byKey("109/2016/ND-CP")).id;
    fromAmendment = (await byKey("05/2024/TT-BYT")).id;
    amending = (await byKey("07/2025/TT-BYT")).id;
  });

  test("the number is stored in its official spelling and the title stays unknown, never the number", async () => {
    expect(await documentById(fromProposal)).toMatchObject({ number: "109/2016/NĐ-CP", issuer: "CP", title: null, lead_agency_id: agencies.BYT!.id });
    expect(await documentById(fromAmendment)).toMatchObject({ number: "05/2024/TT-BYT", issuer: "BYT", title: null, lead_agency_id: agencies.BYT!.id });
    expect(await documentById(amending)).toMatchObject({ number: "07/2025/TT-BYT", title: null, issued_on: "2025-03-15" });
  });

  test("lists, the amendment's header, search results and exports say the title is still to be completed", async () => {
    const browser = await signedIn(viewer);
    const list = visibleText(mainContent(await (await browser.get("/documents?q=109/2016")).text()));
    expect(list).toContain(`109/2016/NĐ-CP Nghị định ${UNTITLED}`);
    expect(list).not.toContain("109/2016/nd-cp");

    const amendment = visibleText(mainContent(await (await browser.get(`/amendments/${amendmentId}`)).text()));
    expect(amendment).toContain(`05/2024/TT-BYT: ${UNTITLED}`);
    const amendments = visibleText(mainContent(await (await browser.get("/amendments?q=5/2024")).text()));
    expect(amendments).toContain(`05/2024/TT-BYT ${UNTITLED}`);

    const search = visibleText(mainContent(await (await browser.get("/search?q=109/2016/nd-cp")).text()));
    expect(search).toContain(`109/2016/NĐ-CP ${UNTITLED}`);

    const csv = await (await browser.get("/documents/export.csv?q=109/2016")).text();
    expect(csv).toContain(`109/2016/NĐ-CP,Nghị định,${UNTITLED},BYT`);
    const english = await signedIn(viewer);
    english.setCookie("tg_lang", "en");
    expect(visibleText(mainContent(await (await english.get("/documents?q=109/2016")).text()))).toContain("Title not recorded yet (to be completed)");
  });

  test("the lead agency's officer and the secretariat are told how many documents to complete; others are not", async () => {
    const notice = async (user: TestUser) => {
      const html = mainContent(await (await (await signedIn(user)).get("/documents")).text());
      return { text: visibleText(html), link: /href="(\/documents\?incomplete=1[^"]*)"/.exec(html)?.[1]?.replace(/&amp;/g, "&") };
    };
    const untitled = await server.db().selectFrom("legal_documents").select(["id", "lead_agency_id"]).where("title", "is", null).execute();
    const ofByt = untitled.filter((row) => row.lead_agency_id === agencies.BYT!.id).length;
    expect(ofByt).toBeGreaterThanOrEqual(2);

    expect(await notice(officerByt)).toEqual({ text: expect.stringContaining(`Văn bản cần bổ sung thông tin: ${ofByt}.`), link: "/documents?incomplete=1&agency=BYT" });
    expect((await notice(reviewer)).text).toContain(`Văn bản cần bổ sung thông tin: ${untitled.length}.`);
    expect((await notice(officerBtc)).text).not.toContain("Văn bản cần bổ sung thông tin");
    expect((await notice(viewer)).text).not.toContain("Văn bản cần bổ sung thông tin");

    const browser = await signedIn(officerByt);
    const listed = linkedDocumentIds(await (await browser.get("/documents?incomplete=1&agency=BYT")).text());
    expect(listed.sort()).toEqual(untitled.filter((row) => row.lead_agency_id === agencies.BYT!.id).map((row) => row.id).sort());
  });

  test("the document's page asks whoever may edit it to complete it, and tells others who will", async () => {
    const officerPage = mainContent(await (await (await signedIn(officerByt)).get(`/documents/${fromProposal}`)).text());
    expect(visibleText(officerPage)).toContain("Văn bản này được thêm vào danh mục từ số hiệu được nhập ở nơi khác");
    expect(officerPage).toMatch(new RegExp(`<a[^>]*href="/documents/${fromProposal}/edit"[^>]*>Bổ sung thông tin văn bản</a>`));

    const viewerPage = visibleText(mainContent(await (await (await signedIn(viewer)).get(`/documents/${fromProposal}`)).text()));
    expect(viewerPage).toContain("Cơ quan chủ trì hoặc Thư ký Ban Chỉ đạo sẽ bổ sung.");
    expect(viewerPage).not.toContain("Bổ sung thông tin văn bản");
  });

  test("completing the title through the edit form clears the mark", async () => {
    const browser = await signedIn(officerByt);
    const form = await (await browser.get(`/documents/${fromProposal}/edit`)).text();
    expect(fieldValue(form, "title")).toBe("");
    expect(fieldValue(form, "number")).toBe("109/2016/NĐ-CP");
    const before = await documentById(fromProposal);
    const response = await browser.post(
      `/documents/${fromProposal}/edit`,
      documentForm({ number: "109/2016/NĐ-CP", title: "Nghị định quy định về an ninh hàng không", issued_on: "", effective_on: "", version: String(before.version) }),
    );
    expect(response.status).toBe(302);
    expect((await documentById(fromProposal)).title).toBe("Nghị định quy định về an ninh hàng không");
    expect(linkedDocumentIds(await (await browser.get("/documents?incomplete=1")).text())).not.toContain(fromProposal);
    const page = visibleText(mainContent(await (await browser.get(`/documents/${fromProposal}`)).text()));
    expect(page).toContain("109/2016/NĐ-CP: Nghị định quy định về an ninh hàng không");
    expect(page).not.toContain("Cần bổ sung thông tin");
  });
});

describe("missing documents", () => {
  test.each(["/documents/999999", "/documents/abc", "/documents/999999/edit", "/documents/abc/edit"])(
    "%s is a 404 page in Vietnamese without a stack trace",
    async (path) => {
      const browser = await signedIn(reviewer);
      const response = await browser.get(path);
      expect(response.status).toBe(404);
      const html = await response.text();
      expect(mainContent(html)).toContain("Không tìm thấy trang hoặc hồ sơ bạn yêu cầu.");
      expectNoTrace(html);
    },
  );
});
