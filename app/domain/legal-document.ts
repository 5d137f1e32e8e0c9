import { can, type Actor } from "./permissions";

// Who may change a register entry. The register is everyone's to add to, but a lead agency owns
// its entry: its people and the secretariat edit it (and complete it); an entry without a lead
// agency, only the secretariat.

/** Whether the actor may edit the document's own facts (number, title, dates, status, lead agency). */
export function canEditDocument(actor: Actor | null | undefined, document: { lead_agency_id: number | null }): boolean {
  return can(actor, "document:update", { agency_id: document.lead_agency_id });
}
