import { z } from "zod";
import { email } from "./fields";

export const LoginSchema = z.object({
  email,
  password: z.string({ error: "errors.required" }).min(1, "errors.required").max(200, "errors.too_long|max=200"),
  redirectTo: z.string().optional(),
});
