import { parseTimeline } from "~/domain/timeline";
import { splitList } from "~/services/import/layout";
import { actionKey, regulationTypeKey } from "~/services/import/vocabulary";
import { column, readSeedCsv } from "./csv";
import type { DecisionSpec } from "./decisions";
import { newAmendment, type AmendmentSpec, type ProposalSpec } from "./specs";

// The sample plan (sample-plan.csv) in the layout ministries exchange: one row per regulation,
// Vietnamese column names and labels. Each row becomes a proposal with its code; each document
// in "Văn bản cần sửa đổi" becomes an amendment of the row's agency.

/** The vocabulary key a label of the plan stands for; the seed's own file must not hold an unknown one. */
function known<K extends string>(key: K | null, text: string, what: string): K {
  if (key === null) throw new Error(`sample-plan.csv: "${text}" is not a known ${what}`);
  return key;
}

export interface SamplePlan {
  proposals: ProposalSpec[];
  amendments: AmendmentSpec[];
}

export function samplePlan(decisions: Map<string, DecisionSpec>): SamplePlan {
  const proposals: ProposalSpec[] = [];
  const amendments: AmendmentSpec[] = [];
  for (const row of readSeedCsv("sample-plan")) {
    const code = column(row, "Mã");
    const agency = column(row, "Bộ, ngành");
    const decisionNumber = column(row, "Quyết định phê duyệt") || null;
    const decision = decisionNumber ? decisions.get(decisionNumber) : undefined;
    if (decisionNumber && !decision) throw new Error(`sample-plan.csv ${code}: decision ${decisionNumber} is not in decisions.csv`);
    const timeline = column(row, "Lộ trình");
    const ownDue = timeline ? parseTimeline(timeline) : null;
    const sourceDocument = column(row, "Văn bản quy định") || null;
    const sourceProvision = column(row, "Điều, khoản") || null;
    proposals.push({
      key: code,
      code,
      agency,
      form: {
        agency,
        regulation_type: known(regulationTypeKey(column(row, "Nhóm quy định")), column(row, "Nhóm quy định"), "regulation type"),
        title: column(row, "Nội dung quy định"),
        source_document: sourceDocument ?? "",
        source_provision: sourceProvision ?? "",
        action: known(actionKey(column(row, "Phương án")), column(row, "Phương án"), "action"),
        proposed_change: column(row, "Nội dung cắt giảm, đơn giản hóa"),
        rationale: column(row, "Lý do"),
        cost_before_vnd: column(row, "Chi phí tuân thủ trước (đồng/năm)"),
        cost_after_vnd: column(row, "Chi phí tuân thủ sau (đồng/năm)"),
        timeline,
      },
      sourceDocument,
      sourceProvision,
      // Rows without a decision are still with the secretariat.
      status: decision ? "approved" : "submitted",
      decision: decisionNumber,
      dueOn: (ownDue?.ok ? ownDue.dueOn : null) ?? decision?.dueOn ?? null,
      returnedFirst: false,
      comment: null,
    });

    const documents = splitList(column(row, "Văn bản cần sửa đổi"));
    const provisions = splitList(column(row, "Điều, khoản cần sửa đổi"));
    documents.forEach((document, index) => {
      // The same document with an open amendment of the same agency carries this row too.
      let amendment = amendments.find((a) => a.document === document && a.agency === agency);
      if (!amendment) {
        amendment = newAmendment({ document, agency, decision: decisionNumber });
        amendments.push(amendment);
      }
      amendment.decision ??= decisionNumber;
      const provision = provisions[index];
      if (provision && !amendment.provisions.includes(provision)) amendment.provisions.push(provision);
      if (provision) amendment.provisionsOf[code] = provision;
      amendment.proposals.push(code);
    });
  }
  return { proposals, amendments };
}
