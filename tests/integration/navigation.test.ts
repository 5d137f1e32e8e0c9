import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgencies, createUserWith, type TestUser } from "../support/factories";
import { client, decodeHtml, fieldValue, mainContent, signedInClient, visibleText, type Client } from "../support/http";
import { startServer, type TestServer } from "../support/server";

// Finding one's way: the charts are reachable from the navigation and the dashboard, and an
// address that leads nowhere answers inside the layout, for the user and in the language they use.

let server: TestServer;
let reviewer: TestUser;

beforeAll(async () => {
  server = await startServer({
    seed: async (db) => {
      await createAgencies(db);
      reviewer = await createUserWith(db, { role: "reviewer" });
    },
  });
});

afterAll(async () => {
  await server?.stop();
});

/** The hrefs of the links inside the first element matching `tag` (e.g. the header's nav). */
function linksIn(html: string, pattern: RegExp): string[] {
  const part = pattern.exec(html)?.[0] ?? "";
  return [...part.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)].map((match) => decodeHtml(match[1] ?? ""));
}

describe("the charts page", () => {
  it("is in the main navigation", async () => {
    const http = await signedInClient(server.url, reviewer);
    const html = await (await http.get("/proposals")).text();
    expect(linksIn(html, /<nav aria-label="Điều hướng chính"[\s\S]*?<\/nav>/)).toContain("/dashboard/charts");
  });

  it("is linked from the dashboard with the dashboard's scope", async () => {
    const http = await signedInClient(server.url, reviewer);
    const whole = mainContent(await (await http.get("/dashboard")).text());
    expect(linksIn(whole, /[\s\S]*/)).toContain("/dashboard/charts?all=1");

    const scoped = mainContent(await (await http.get("/dashboard?agency=BYT&type=business_condition&approved_from=01/01/2023")).text());
    const link = linksIn(scoped, /[\s\S]*/).find((href) => href.startsWith("/dashboard/charts"));
    expect(link).toBeDefined();
    const query = new URL(link ?? "", server.url).searchParams;
    expect(Object.fromEntries(query)).toEqual({ agency: "BYT", type: "business_condition", approved_from: "01/01/2023" });
    const charts = await http.get(link ?? "");
    expect(charts.status).toBe(200);
    const chartsHtml = await charts.text();
    expect([fieldValue(chartsHtml, "agency"), fieldValue(chartsHtml, "type")]).toEqual(["BYT", "business_condition"]);
  });
});

describe("an address that leads nowhere", () => {
  const ADDRESSES = ["/nothing-here", "/proposals/nope/xyz", "/dashboard/charts/more"];
  const LANGUAGES = [
    { locale: "vi", title: "Không tìm thấy", nav: "Điều hướng chính", signedIn: "Đăng nhập: Trần Thị Thư Ký" },
    { locale: "en", title: "Not found", nav: "Main navigation", signedIn: "Signed in: Trần Thị Thư Ký" },
  ] as const;

  async function visitor(locale: "vi" | "en", signedIn: boolean): Promise<Client> {
    const http = signedIn ? await signedInClient(server.url, reviewer) : client(server.url);
    if (locale === "en") http.setCookie("tg_lang", "en");
    return http;
  }

  for (const language of LANGUAGES) {
    for (const signedIn of [true, false]) {
      it(`answers 404 in the layout, in ${language.locale}, ${signedIn ? "signed in" : "signed out"}`, async () => {
        const http = await visitor(language.locale, signedIn);
        for (const address of ADDRESSES) {
          for (const method of ["get", "post"] as const) {
            const response = method === "get" ? await http.get(address) : await http.post(address, {});
            expect(response.status, `${method} ${address}`).toBe(404);
            const html = await response.text();
            expect(html, address).toContain(`<html lang="${language.locale}">`);
            const header = visibleText(/<header\b[\s\S]*?<\/header>/.exec(html)?.[0] ?? "");
            expect(header, address).toContain("Tinh Gọn");
            expect(visibleText(mainContent(html)), address).toContain(`${language.title} (404)`);
            if (signedIn) {
              expect(html, address).toContain(`<nav aria-label="${language.nav}"`);
              expect(header, address).toContain(language.signedIn);
            } else {
              expect(html, address).not.toContain(`<nav aria-label="${language.nav}"`);
            }
          }
        }
      });
    }
  }
});
