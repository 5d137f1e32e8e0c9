import { z } from "zod";
import { DOCUMENT_STATUSES, DOCUMENT_TYPES } from "~/domain/vocabulary";
import { choice, optionalChoice, optionalDate, optionalText, requiredText } from "./fields";

export const LegalDocumentSchema = z
  .object({
    number: requiredText(100),
    doc_type: optionalChoice(DOCUMENT_TYPES),
    title: requiredText(1000),
    issued_on: optionalDate,
    effective_on: optionalDate,
    status: choice(DOCUMENT_STATUSES),
    lead_agency: optionalText(20),
    version: z.string().optional(),
  })
  .superRefine((doc, ctx) => {
    if (doc.issued_on && doc.effective_on && doc.effective_on < doc.issued_on) {
      ctx.addIssue({ code: "custom", path: ["effective_on"], message: "errors.effective_before_promulgated" });
    }
  });

export type LegalDocumentInput = z.output<typeof LegalDocumentSchema>;
