import { z } from "zod";
import { requiredText } from "./fields";

/** An admin's edit of an agency's names; the code, kind and period come from the records of mergers. */
export const AgencyNamesSchema = z.object({
  name_vi: requiredText(300),
  name_en: requiredText(300),
  version: z.string().optional(),
});

export type AgencyNamesInput = z.output<typeof AgencyNamesSchema>;
