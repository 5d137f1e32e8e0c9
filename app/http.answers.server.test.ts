import { describe, expect, it } from "vitest";
import { InvalidError } from "~/domain/errors";
import { formAnswer, pageAnswer } from "./http.server";

// What the pages' answers keep and leave out: a refused form never sends a password back, and a
// page a GET form refused answers 422 with its messages.

function answerOf(result: unknown): { status: number | undefined; body: Record<string, unknown> } {
  const { init, data } = result as { init: ResponseInit | null; data: Record<string, unknown> };
  return { status: init?.status, body: data };
}

describe("formAnswer", () => {
  it("keeps what was typed except passwords", () => {
    const formData = new FormData();
    for (const [key, value] of Object.entries({ intent: "create", email: "a@b.vn", password: "mat-khau-bi-mat", new_password: "x" })) {
      formData.append(key, value);
    }
    const { status, body } = answerOf(formAnswer(new InvalidError({ email: "errors.duplicate_email" }), formData));
    expect(status).toBe(422);
    expect(body).toEqual({ intent: "create", errors: { email: "errors.duplicate_email" }, values: { intent: "create", email: "a@b.vn" } });
  });
});

describe("pageAnswer", () => {
  it("is 422 when the page's query was refused, 200 otherwise, with the same body", () => {
    expect(answerOf(pageAnswer({ errors: { main: "errors.required" } }, true))).toEqual({ status: 422, body: { errors: { main: "errors.required" } } });
    expect(answerOf(pageAnswer({ errors: {} }, false))).toEqual({ status: 200, body: { errors: {} } });
  });
});
