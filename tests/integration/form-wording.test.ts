import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSubmittedCase, type TestUser } from "../support/factories";
import { client, fieldError, mainContent, signedInClient, visibleText, type Client } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// A refused form says what could not be done in the words of that form: signing in is not
// saving, nor is approving or posting a comment; a select asks for a choice, a text box for
// typing. Without JavaScript, so the server's answer is what the user reads.

let server: TestServer;
let officer: TestUser;
let reviewer: TestUser;
let submitted: string;

beforeAll(async () => {
  server = await startServer({
    seed: async (db) => {
      ({ officer, reviewer, submitted } = await createSubmittedCase(db));
    },
  });
});

afterAll(async () => {
  await server?.stop();
});

/** The summary above a refused form's fields (its data-form-summary paragraph), as read. */
function summary(html: string): string {
  return visibleText(/<p [^>]*data-form-summary=""[^>]*>([\s\S]*?)<\/p>/.exec(mainContent(html))?.[1] ?? "");
}

async function inEnglish(http: Client): Promise<Client> {
  http.setCookie("tg_lang", "en");
  return http;
}

describe("the summary of a refused form", () => {
  it("signing in: check the email and password, never 'not saved'", async () => {
    const response = await client(server.url).post("/login", { email: "", password: "" });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(summary(html)).toBe("Chưa đăng nhập được: vui lòng kiểm tra email và mật khẩu.");
    expect(html).not.toContain("Chưa lưu được");

    const english = await (await inEnglish(client(server.url))).post("/login", { email: "not-an-email", password: "" });
    expect(summary(await english.text())).toBe("Could not sign in: please check your email and password.");
  });

  it("a workflow step says which step could not be taken", async () => {
    const http = await signedInClient(server.url, reviewer);
    const returned = await http.post(`/proposals/${submitted}?index`, { intent: "return", comment: "", version: "2" });
    expect(returned.status).toBe(422);
    expect(summary(await returned.text())).toBe("Chưa trả lại được đề xuất: vui lòng sửa 1 lỗi bên dưới.");

    const approved = await (await inEnglish(http)).post(`/proposals/${submitted}?index`, { intent: "approve", decision: "", version: "2" });
    expect(approved.status).toBe(422);
    expect(summary(await approved.text())).toBe("Could not approve: please fix the error below.");
  });

  it("a comment says the comment was not posted", async () => {
    const http = await signedInClient(server.url, reviewer);
    const response = await http.post(`/proposals/${submitted}?index`, { intent: "comment", comment: " " });
    expect(summary(await response.text())).toBe("Chưa gửi được ý kiến: vui lòng sửa 1 lỗi bên dưới.");
  });

  it("a form that saves still says it was not saved, in English with the right number", async () => {
    const http = await inEnglish(await signedInClient(server.url, officer));
    const response = await http.post("/proposals/new", { agency: "BYT", regulation_type: "", title: "", action: "simplify", proposed_change: "Bỏ" });
    expect(summary(await response.text())).toBe("Not saved: please fix the 2 errors below.");
  });
});

describe("a required select", () => {
  it("asks for a choice where a text box asks for typing, and its empty option says so", async () => {
    const http = await signedInClient(server.url, officer);
    const response = await http.post("/proposals/new", { agency: "BYT", regulation_type: "", title: "", action: "", proposed_change: "" });
    const html = await response.text();
    expect(fieldError(html, "regulation_type")).toBe("Vui lòng chọn một mục.");
    expect(fieldError(html, "action")).toBe("Vui lòng chọn một mục.");
    expect(fieldError(html, "title")).toBe("Vui lòng nhập thông tin này.");
    expect(/<select[^>]*name="regulation_type"[^>]*>\s*<option value=""[^>]*>([^<]*)<\/option>/.exec(html)?.[1]).toBe("— Chọn —");
  });

  it("the approving decision too, in both languages", async () => {
    const http = await signedInClient(server.url, reviewer);
    const html = await (await http.post(`/proposals/${submitted}?index`, { intent: "approve", decision: "", version: "2" })).text();
    expect(fieldError(html, "decision")).toBe("Vui lòng chọn một mục.");
    const english = await (await (await inEnglish(http)).post(`/proposals/${submitted}?index`, { intent: "approve", decision: "", version: "2" })).text();
    expect(fieldError(english, "decision")).toBe("Please choose one.");
    expect(/<select[^>]*name="decision"[^>]*>\s*<option value=""[^>]*>([^<]*)<\/option>/.exec(english)?.[1]).toBe("— Choose —");
  });
});
