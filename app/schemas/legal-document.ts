import { z } from "zod";
import { documentStatusOnDate } from "~/domain/amendment";
import { todayIso } from "~/domain/dates";
import { DOCUMENT_STATUSES, DOCUMENT_TYPES } from "~/domain/vocabulary";
import { choice, formVersion, optionalChoice, optionalDate, optionalPastDate, optionalText, requiredText } from "./fields";

export const LegalDocumentSchema = z
  .object({
    number: requiredText(100),
    doc_type: optionalChoice(DOCUMENT_TYPES),
    title: requiredText(1000),
    issued_on: optionalPastDate,
    effective_on: optionalDate,
    status: choice(DOCUMENT_STATUSES),
    lead_agency: optionalText(20),
  })
  .superRefine((doc, ctx) => {
    if (doc.issued_on && doc.effective_on && doc.effective_on < doc.issued_on) {
      ctx.addIssue({ code: "custom", path: ["effective_on"], message: "errors.effective_before_promulgated" });
    }
    // in force from the effective date on, not yet before it (applyEffectiveDates keeps it so)
    if (documentStatusOnDate(doc.status, doc.effective_on, todayIso()) !== doc.status) {
      ctx.addIssue({ code: "custom", path: ["status"], message: "errors.status_contradicts_date" });
    }
  });

export type LegalDocumentInput = z.output<typeof LegalDocumentSchema>;

/** The edit form: the same fields and the version it was opened at. */
export const LegalDocumentEditSchema = LegalDocumentSchema.safeExtend({ version: formVersion });
