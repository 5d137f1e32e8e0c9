import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { EventEntity } from "~/domain/vocabulary";
import { createAgencies, createDecisionFor, createDocumentFor, createProposalFor, createUserWith, type TestUser } from "../support/factories";
import { fieldValue, mainContent, visibleText, type Client, signedInClient } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// Two people editing the same record at once, over HTTP against the production server: each
// opens the edit form, the first save wins, the second is answered 409 with what the first
// changed beside what the second typed, nothing is overwritten, and saving again from that page
// keeps both changes.

let server: TestServer;
let officerA: TestUser;
let officerB: TestUser;
let reviewer: TestUser;
let admin: TestUser;

beforeAll(async () => {
  server = await startServer({
    seed: async (db) => {
      await createAgencies(db);
      officerA = await createUserWith(db, { role: "officer", agencyCode: "BYT", email: "a.byt@tinhgon.test", name: "Nguyễn Văn An" });
      officerB = await createUserWith(db, { role: "officer", agencyCode: "BYT", email: "b.byt@tinhgon.test", name: "Trần Thị Bình" });
      reviewer = await createUserWith(db, { role: "reviewer" });
      admin = await createUserWith(db, { role: "admin" });
    },
  });
});

afterAll(async () => {
  await server?.stop();
});

/** Every named control of the page's form with the value the HTML gives it, as a browser would post it. */
function formFields(html: string): Record<string, string> {
  const main = mainContent(html);
  const names = [...new Set([...main.matchAll(/<(?:input|textarea|select)\b[^>]*\bname="([^"]+)"/g)].map((match) => match[1]!))];
  return Object.fromEntries(names.map((name) => [name, fieldValue(main, name) ?? ""]));
}

/** GETs an edit form and reads its fields, including the version and the `_base` it was opened with. */
async function openForm(browser: Client, path: string): Promise<Record<string, string>> {
  const response = await browser.get(path);
  expect(response.status).toBe(200);
  const fields = formFields(await response.text());
  expect(fields.version).toMatch(/^\d+$/);
  expect(fields._base).toBeTruthy();
  return fields;
}

/** The conflict table's row for a field: [when opened, saved by the other person, typed by this user]. */
/** What the conflict table says in the "you typed" column of a field this user left alone. */
const UNTOUCHED = "bạn không sửa";

function conflictRow(html: string, field: string): string[] | undefined {
  const row = new RegExp(`<tr[^>]*\\bdata-conflict-field="${field}"[^>]*>([\\s\\S]*?)</tr>`).exec(html)?.[1];
  return row ? [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => visibleText(cell[1] ?? "")) : undefined;
}

function conflictFields(html: string): string[] {
  return [...html.matchAll(/data-conflict-field="([^"]+)"/g)].map((match) => match[1]!);
}

function updateEvents(entity: EventEntity, id: number) {
  return server
    .db()
    .selectFrom("events")
    .selectAll()
    .where("entity_type", "=", entity)
    .where("entity_id", "=", id)
    .where("action", "=", "update")
    .orderBy("id")
    .execute();
}

function changesOf(event: { changes: string | null } | undefined): unknown {
  return JSON.parse(event?.changes ?? "null");
}

describe("two people edit the same proposal", () => {
  test("the second save is refused with 409, shows the first person's change, keeps its own text, and saves both when sent again", async () => {
    const originalTitle = "Yêu cầu nộp bản sao chứng thực chứng chỉ hành nghề dược";
    const originalRationale = "Giấy tờ đã có trong cơ sở dữ liệu quốc gia.";
    const { id, code } = await createProposalFor(server.db(), officerA, { title: originalTitle, rationale: originalRationale });
    const [a, b] = [await signedInClient(server.url, officerA), await signedInClient(server.url, officerB)];
    const path = `/proposals/${code}/edit`;
    const formA = await openForm(a, path);
    const formB = await openForm(b, path);
    expect(formB.version).toBe(formA.version);

    const titleA = "Yêu cầu nộp bản sao chứng chỉ hành nghề dược (không cần chứng thực)";
    const savedA = await a.post(path, { ...formA, title: titleA });
    expect(savedA.status).toBe(302);
    expect(savedA.headers.get("location")).toBe(`/proposals/${code}`);

    const rationaleB = "Cơ quan cấp phép tự tra cứu chứng chỉ trên cơ sở dữ liệu quốc gia về dược.";
    const stale = await b.post(path, { ...formB, rationale: rationaleB });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(mainContent(html)).toContain("Hồ sơ vừa được người khác thay đổi; nội dung bạn nhập chưa được lưu.");
    // what A changed, from the value B opened to the value A saved; B left the title alone
    expect(conflictFields(html)).toEqual(["title"]);
    expect(conflictRow(html, "title")).toEqual([originalTitle, titleA, UNTOUCHED]);
    // B's form keeps B's rationale and shows A's title, against the version now stored
    const retry = formFields(html);
    expect(retry.rationale).toBe(rationaleB);
    expect(retry.title).toBe(titleA);
    expect(retry.version).toBe(String(Number(formA.version) + 1));

    const stored = await server.db().selectFrom("proposals").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ title: titleA, rationale: originalRationale, version: Number(formA.version) + 1 });
    const afterConflict = await updateEvents("proposal", id);
    expect(afterConflict).toHaveLength(1);
    expect(afterConflict[0]!.actor_id).toBe(officerA.id);
    expect(changesOf(afterConflict[0])).toEqual({ title: [originalTitle, titleA] });

    const savedB = await b.post(path, retry);
    expect(savedB.status).toBe(302);
    expect(await server.db().selectFrom("proposals").selectAll().where("id", "=", id).executeTakeFirstOrThrow()).toMatchObject({
      title: titleA,
      rationale: rationaleB,
      version: Number(formA.version) + 2,
    });
    const updates = await updateEvents("proposal", id);
    expect(updates).toHaveLength(2);
    expect(updates[1]!.actor_id).toBe(officerB.id);
    expect(changesOf(updates[1])).toEqual({ rationale: [originalRationale, rationaleB] });
  });

  test("when both change the same field, the page shows both values and saving again stores the second person's deliberately", async () => {
    const original = "Kiểm tra chuyên ngành đối với trang thiết bị y tế nhập khẩu";
    const { id, code } = await createProposalFor(server.db(), officerA, { title: original });
    const [a, b] = [await signedInClient(server.url, officerA), await signedInClient(server.url, reviewer)];
    const path = `/proposals/${code}/edit`;
    const formA = await openForm(a, path);
    const formB = await openForm(b, path);

    expect((await a.post(path, { ...formA, title: `${original} theo rủi ro` })).status).toBe(302);
    const stale = await b.post(path, { ...formB, title: `${original} (hậu kiểm)` });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(conflictRow(html, "title")).toEqual([original, `${original} theo rủi ro`, `${original} (hậu kiểm)`]);
    const retry = formFields(html);
    expect(retry.title).toBe(`${original} (hậu kiểm)`);
    expect((await server.db().selectFrom("proposals").select("title").where("id", "=", id).executeTakeFirstOrThrow()).title).toBe(`${original} theo rủi ro`);

    expect((await b.post(path, retry)).status).toBe(302);
    expect((await server.db().selectFrom("proposals").select("title").where("id", "=", id).executeTakeFirstOrThrow()).title).toBe(`${original} (hậu kiểm)`);
    expect((await updateEvents("proposal", id)).map((event) => [event.actor_id, changesOf(event)])).toEqual([
      [officerA.id, { title: [original, `${original} theo rủi ro`] }],
      [reviewer.id, { title: [`${original} theo rủi ro`, `${original} (hậu kiểm)`] }],
    ]);
  });
});

describe("two people edit the same document", () => {
  test("a stale save is refused with 409 showing the other change; saving again keeps both", async () => {
    const id = await createDocumentFor(server.db(), reviewer, {
      number: "54/2017/NĐ-CP",
      title: "Nghị định quy định chi tiết một số điều của Luật Dược",
      issued_on: "08/05/2017",
      effective_on: "01/07/2017",
      lead_agency: "BYT",
    });
    const [a, b] = [await signedInClient(server.url, officerA), await signedInClient(server.url, reviewer)];
    const path = `/documents/${id}/edit`;
    const formA = await openForm(a, path);
    const formB = await openForm(b, path);

    const titleA = "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Dược";
    expect((await a.post(path, { ...formA, title: titleA })).status).toBe(302);
    const stale = await b.post(path, { ...formB, status: "amended" });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(conflictFields(html)).toEqual(["title"]);
    expect(conflictRow(html, "title")).toEqual([formB.title, titleA, UNTOUCHED]);
    const retry = formFields(html);
    expect(retry).toMatchObject({ title: titleA, status: "amended", version: "2" });
    expect(await server.db().selectFrom("legal_documents").selectAll().where("id", "=", id).executeTakeFirstOrThrow()).toMatchObject({
      title: titleA,
      status: "in_force",
      version: 2,
    });
    expect(await updateEvents("legal_document", id)).toHaveLength(1);

    expect((await b.post(path, retry)).status).toBe(302);
    expect(await server.db().selectFrom("legal_documents").selectAll().where("id", "=", id).executeTakeFirstOrThrow()).toMatchObject({
      title: titleA,
      status: "amended",
      version: 3,
    });
    const updates = await updateEvents("legal_document", id);
    expect(updates.map((event) => [event.actor_id, changesOf(event)])).toEqual([
      [officerA.id, { title: [formA.title, titleA] }],
      [reviewer.id, { status: ["in_force", "amended"] }],
    ]);
  });
});

describe("two people edit the same decision", () => {
  test("a stale save is refused with 409 showing the other change, with the kind in words; saving again keeps both", async () => {
    const id = await createDecisionFor(server.db(), reviewer, { number: "1661/QĐ-TTg", kind: "reduction_plan", timeline: "Năm 2023" });
    const [a, b] = [await signedInClient(server.url, reviewer), await signedInClient(server.url, admin)];
    const path = `/decisions/${id}/edit`;
    const formA = await openForm(a, path);
    const formB = await openForm(b, path);

    expect((await a.post(path, { ...formA, kind: "other" })).status).toBe(302);
    const stale = await b.post(path, { ...formB, timeline: "Quý II/2024" });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(conflictFields(html)).toEqual(["kind"]);
    expect(conflictRow(html, "kind")).toEqual(["Phương án cắt giảm, đơn giản hóa", "Khác", UNTOUCHED]);
    const retry = formFields(html);
    expect(retry).toMatchObject({ kind: "other", timeline: "Quý II/2024", version: "2" });
    expect(await server.db().selectFrom("decisions").selectAll().where("id", "=", id).executeTakeFirstOrThrow()).toMatchObject({
      kind: "other",
      timeline: "Năm 2023",
      version: 2,
    });
    expect(await updateEvents("decision", id)).toHaveLength(1);

    expect((await b.post(path, retry)).status).toBe(302);
    expect(await server.db().selectFrom("decisions").selectAll().where("id", "=", id).executeTakeFirstOrThrow()).toMatchObject({
      kind: "other",
      timeline: "Quý II/2024",
      due_on: "2024-06-30",
      version: 3,
    });
    expect((await updateEvents("decision", id)).map((event) => event.actor_id)).toEqual([reviewer.id, admin.id]);
  });
});

describe("two admins rename the same agency", () => {
  test("a stale save is refused with 409 showing the other name; saving again keeps both", async () => {
    const [a, b] = [await signedInClient(server.url, admin), await signedInClient(server.url, admin)];
    const openAgency = async (browser: Client) => {
      const html = await (await browser.get("/agencies/BCT")).text();
      return formFields(html);
    };
    const formA = await openAgency(a);
    const formB = await openAgency(b);
    expect(formA).toMatchObject({ name_vi: "Bộ Công Thương", name_en: "Ministry of Industry and Trade", version: "1" });

    expect((await a.post("/agencies/BCT", { ...formA, name_vi: "Bộ Công Thương Việt Nam" })).status).toBe(200);
    const stale = await b.post("/agencies/BCT", { ...formB, name_en: "Ministry of Industry and Trade of Viet Nam" });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(conflictRow(html, "name_vi")).toEqual(["Bộ Công Thương", "Bộ Công Thương Việt Nam", UNTOUCHED]);
    const retry = formFields(html);
    expect(retry).toMatchObject({ name_vi: "Bộ Công Thương Việt Nam", name_en: "Ministry of Industry and Trade of Viet Nam", version: "2" });
    const agency = () => server.db().selectFrom("agencies").selectAll().where("code", "=", "BCT").executeTakeFirstOrThrow();
    expect(await agency()).toMatchObject({ name_vi: "Bộ Công Thương Việt Nam", name_en: "Ministry of Industry and Trade", version: 2 });

    expect((await b.post("/agencies/BCT", retry)).status).toBe(200);
    expect(await agency()).toMatchObject({ name_vi: "Bộ Công Thương Việt Nam", name_en: "Ministry of Industry and Trade of Viet Nam", version: 3 });
  });
});
