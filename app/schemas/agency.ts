import { z } from "zod";
import { formVersion, requiredText } from "./fields";

/** An admin's edit of an agency's names; the code, kind and period come from the records of mergers. */
export const AgencyNamesSchema = z.object({
  name_vi: requiredText(300),
  name_en: requiredText(300),
});

export type AgencyNamesInput = z.output<typeof AgencyNamesSchema>;

/** The form: the names and the version it was opened at. */
export const AgencyNamesEditSchema = AgencyNamesSchema.safeExtend({ version: formVersion });
