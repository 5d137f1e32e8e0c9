import { isRouteErrorResponse } from "@remix-run/react";
import { describe, expect, it } from "vitest";
import {
  BusyError,
  ConflictError,
  ForbiddenError,
  InvalidError,
  NotFoundError,
  StaleVersionError,
} from "~/domain/errors";
import { errorResponse, formAction, formAnswer, page } from "./http.server";

// The pages' one mapping of the domain's refusals: what each becomes, on a page and in a form.

function posted(fields: Record<string, string>): FormData {
  const formData = new FormData();
  for (const [key, value] of Object.entries(fields)) formData.append(key, value);
  return formData;
}

function request(fields: Record<string, string>): Request {
  return new Request("http://site.invalid/x", { method: "POST", body: posted(fields) });
}

/** What formAnswer returned: Remix's data() result with its status and body. */
function answerOf(result: unknown): { status: number | undefined; body: Record<string, unknown> } {
  const { init, data } = result as { init: ResponseInit | null; data: Record<string, unknown> };
  return { status: init?.status, body: data };
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("nothing was thrown");
}

describe("errorResponse", () => {
  it.each([
    [new NotFoundError("proposal", "BYT-0001"), 404],
    [new ForbiddenError("proposal:update"), 403],
    [new InvalidError({ q: "errors.generic" }), 400],
    [new ConflictError("errors.transition_not_allowed"), 409],
    [new StaleVersionError(1, 2), 409],
    [new BusyError("pages.busy", 7), 503],
  ])("answers %s with %i", (error, status) => {
    const response = errorResponse(error);
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(status);
  });

  it("tells a busy client when to come back", () => {
    expect((errorResponse(new BusyError("pages.busy", 7)) as Response).headers.get("Retry-After")).toBe("7");
  });

  it("leaves anything that is no refusal as it is: a defect stays a 500, a redirect stays a redirect", () => {
    const defect = new TypeError("x is undefined");
    expect(errorResponse(defect)).toBe(defect);
    const redirect = new Response(null, { status: 302, headers: { Location: "/login" } });
    expect(errorResponse(redirect)).toBe(redirect);
  });
});

describe("formAnswer", () => {
  it("answers invalid input with 422, the messages per field and what was typed, without hidden fields", () => {
    const { status, body } = answerOf(
      formAnswer(new InvalidError({ title: "errors.required" }), posted({ intent: "save", title: "", note: "giữ", _base: "{}" })),
    );
    expect(status).toBe(422);
    expect(body).toEqual({ intent: "save", errors: { title: "errors.required" }, values: { intent: "save", title: "", note: "giữ" } });
  });

  it("answers a refusal by the record's state with 409 and its reason, for the form and for the page", () => {
    const { status, body } = answerOf(formAnswer(new ConflictError("errors.transition_not_allowed"), posted({ comment: "ok" })));
    expect(status).toBe(409);
    expect(body).toEqual({ errors: { _form: "errors.transition_not_allowed" }, refused: "errors.transition_not_allowed", values: { comment: "ok" } });
  });

  it("answers a stale save with 409, both sides of each field changed meanwhile, and the version to save against", () => {
    const formData = posted({
      version: "3",
      title: "Tên mới của tôi",
      rationale: "Lý do cũ",
      _base: JSON.stringify({ title: "Tên cũ", rationale: "Lý do cũ", version: "3" }),
    });
    const { status, body } = answerOf(
      formAnswer(new StaleVersionError(3, 4, { title: "Tên cũ", rationale: "Lý do của người khác", version: "4" }), formData),
    );
    expect(status).toBe(409);
    expect(body.errors).toEqual({ _form: "errors.stale_version" });
    expect(body.conflict).toEqual([{ field: "rationale", before: "Lý do cũ", theirs: "Lý do của người khác", yours: null }]);
    // the other person's change is kept where this user typed nothing; this user's change is kept too
    expect(body.values).toEqual({ version: "4", title: "Tên mới của tôi", rationale: "Lý do của người khác" });
  });

  it.each([
    [new NotFoundError("amendment", 9), 404],
    [new ForbiddenError(), 403],
    [new BusyError("pages.busy", 5), 503],
  ])("throws %s as the %i page", (error, status) => {
    const response = thrown(() => formAnswer(error, posted({})));
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(status);
  });

  it("rethrows anything that is no refusal", () => {
    const defect = new RangeError("boom");
    expect(thrown(() => formAnswer(defect, posted({})))).toBe(defect);
  });
});

describe("page and formAction", () => {
  const args = (fields: Record<string, string> = {}) => ({ request: request(fields), params: {}, context: { clientIp: "127.0.0.1", cspNonce: "n" } });

  it("turn a loader's refusal into its error page, and pass its data through", async () => {
    await expect(page(async () => ({ ok: 1 }))(args())).resolves.toEqual({ ok: 1 });
    const error = await page(async () => {
      throw new NotFoundError("decision", 1);
    })(args()).catch((caught: unknown) => caught);
    expect(isRouteErrorResponse(error) || error instanceof Response).toBe(true);
    expect((error as Response).status).toBe(404);
  });

  it("give an action the form it posted, and answer its refusal beside what was typed", async () => {
    const action = formAction(async ({ formData }) => {
      throw new InvalidError({ number: `errors.required|field=${String(formData.get("number"))}` });
    });
    const { status, body } = answerOf(await action(args({ number: "" })));
    expect(status).toBe(422);
    expect(body).toEqual({ errors: { number: "errors.required|field=" }, values: { number: "" } });
  });
});
