import { z } from "zod";
import { documentStatusOnDate } from "~/domain/amendment";
import { formatDate, todayIso } from "~/domain/dates";
import { parseDocumentNumber } from "~/domain/document-number";
import { DOCUMENT_STATUSES, DOCUMENT_TYPES, type DocumentStatus, type DocumentType } from "~/domain/vocabulary";
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

export type DocumentFormValues = Record<keyof typeof LegalDocumentSchema.shape, string>;

/**
 * A register document as its edit form shows it, every value a string, dates as typed in
 * Vietnamese: the form opens with these, and a stale save answers with them.
 */
export function documentFormValues(document: {
  number: string;
  doc_type: DocumentType;
  title: string | null;
  issued_on: string | null;
  effective_on: string | null;
  status: DocumentStatus;
  lead_agency_code: string | null;
}): DocumentFormValues {
  return {
    number: document.number,
    // a type the number already implies is left empty, so fixing a typo in the number fixes the type too
    doc_type: parseDocumentNumber(document.number).type === document.doc_type ? "" : document.doc_type,
    // a document still to be completed opens with its title empty, to be typed
    title: document.title ?? "",
    issued_on: formatDate(document.issued_on, "vi"),
    effective_on: formatDate(document.effective_on, "vi"),
    status: document.status,
    lead_agency: document.lead_agency_code ?? "",
  };
}
