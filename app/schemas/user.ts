import { z } from "zod";
import { ROLES } from "~/domain/vocabulary";
import { choice, email, optionalText, requiredText } from "./fields";

/** Shared with the CLI (scripts/create-user.ts); keep in step with MIN_PASSWORD_LENGTH. */
export const PASSWORD_MIN = 10;
export const password = z
  .string({ error: "errors.required" })
  .min(1, "errors.required")
  .min(PASSWORD_MIN, `errors.password_too_short|min=${PASSWORD_MIN}`)
  .max(200, "errors.too_long|max=200");

export const UserSchema = z
  .object({
    email,
    name: requiredText(200),
    role: choice(ROLES),
    agency: optionalText(20),
    password,
  })
  .superRefine((user, ctx) => {
    if (user.role === "officer" && !user.agency) {
      ctx.addIssue({ code: "custom", path: ["agency"], message: "errors.officer_needs_agency" });
    }
  });
export type UserInput = z.output<typeof UserSchema>;

export const PasswordResetSchema = z.object({ password });

/** The user a row action (deactivate, activate, reset) applies to. */
export const UserTargetSchema = z.object({ userId: z.coerce.number().int().positive() });
