import { parseDocumentNumber } from "~/domain/document-number";
import type { AmendmentStage, DocumentType } from "~/domain/vocabulary";
import type { SeedAgency } from "./agencies";
import type { DecisionSpec } from "./decisions";
import { citableBy, type DocumentSpec } from "./documents";
import { REORGANIZED_ON } from "./generate";
import { MINISTRIES } from "./ministries";
import type { Random } from "./random";
import { newAmendment, type AmendmentSpec, type ProposalSpec } from "./specs";

// Which documents the approved proposals need amended, how far each amendment has gone and
// which document amended it. Planned in memory; written afterwards through the services.

const MAX_PROPOSALS_PER_AMENDMENT = 5;
/** Amending documents in force were issued and took effect by these days (fixed, not "today"). */
const LAST_ISSUE = "2026-09-15";
const LAST_EFFECTIVE = "2026-10-31";

/** Ministries whose amendments also carry a proposal of another ministry: [host, guest]. */
const JOINT_WORK: readonly (readonly [string, string])[] = [
  ["BTC", "BCT"],
  ["BCA", "BVHTTDL"],
  ["BKHCN", "BYT"],
  ["BXD", "BCA"],
  ["BNNMT", "BCT"],
  ["BTC", "BKHĐT"],
];

const CANCEL_REASONS = [
  "Nội dung sửa đổi đã được xử lý tại văn bản sửa đổi nhiều văn bản do Chính phủ ban hành",
  "Văn bản được thay thế toàn bộ bởi văn bản mới",
  "Phương án được điều chỉnh theo quyết định mới của Thủ tướng Chính phủ",
  "Gộp vào nhiệm vụ sửa đổi văn bản khác để thực hiện theo trình tự, thủ tục rút gọn",
];

const DROPPED_REASON = "Đề xuất liên quan không được chấp nhận hoặc đã được rút";

const TYPE_NAMES: Partial<Record<DocumentType, string>> = {
  law: "Luật",
  decree: "Nghị định",
  circular: "Thông tư",
  pm_decision: "Quyết định",
};

function addDays(iso: string, days: number): string {
  const [year, month, day] = iso.split("-").map(Number);
  // UTC arithmetic on a calendar date: no time zone can move it
  return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, (day ?? 1) + days)).toISOString().slice(0, 10);
}

const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);

/**
 * Links the approved proposals to amendments: each generated proposal joins the amendment of
 * its source document by its agency under its decision, or starts one; some also need a second
 * document amended; a few amendments carry another ministry's proposal.
 */
export function linkAmendments(
  rng: Random,
  proposals: ProposalSpec[],
  planned: AmendmentSpec[],
  decisions: Map<string, DecisionSpec>,
): AmendmentSpec[] {
  const amendments = [...planned];
  const byKey = new Map<string, AmendmentSpec>();
  const keyOf = (agency: string, document: string, decision: string | null) => `${agency}|${document}|${decision ?? ""}`;
  for (const a of planned) byKey.set(keyOf(a.agency, a.document, a.decision), a);
  const links = new Map<string, number>();

  const join = (proposal: ProposalSpec, document: string, provision: string) => {
    const key = keyOf(proposal.agency, document, proposal.decision);
    // An open amendment of the document started for proposals not yet approved takes this one too.
    let amendment =
      byKey.get(key) ??
      amendments.find((a) => a.agency === proposal.agency && a.document === document && a.decision === null && a.proposals.length < MAX_PROPOSALS_PER_AMENDMENT);
    if (amendment && amendment.decision === null) {
      amendment.decision = proposal.decision;
      byKey.set(key, amendment);
    }
    if (!amendment || amendment.proposals.length >= MAX_PROPOSALS_PER_AMENDMENT) {
      amendment = newAmendment({ document, agency: proposal.agency, decision: proposal.decision });
      amendments.push(amendment);
      byKey.set(key, amendment);
    }
    if (!amendment.proposals.includes(proposal.key)) amendment.proposals.push(proposal.key);
    if (!amendment.provisions.includes(provision)) amendment.provisions.push(provision);
    if (provision) amendment.provisionsOf[proposal.key] = provision;
    links.set(proposal.key, (links.get(proposal.key) ?? 0) + 1);
  };

  const generated = proposals.filter((p) => p.code === null && p.status === "approved" && p.sourceDocument);
  for (const proposal of generated) join(proposal, proposal.sourceDocument ?? "", proposal.sourceProvision ?? "");

  // Some regulations live in a decree and its implementing circular: both must change.
  for (const proposal of generated) {
    if (!rng.chance(0.35)) continue;
    const profile = MINISTRIES.find((m) => m.code === proposal.agency);
    const decision = proposal.decision ? decisions.get(proposal.decision) : undefined;
    if (!profile || !decision) continue;
    const citable = citableBy(decision.signedOn >= REORGANIZED_ON ? [...profile.documents, ...profile.inherited] : profile.documents, decision.signedOn);
    const others = citable.filter((number) => number !== proposal.sourceDocument);
    if (others.length === 0) continue;
    // Preferably one not yet being amended for this decision: a second, separate task.
    const fresh = others.filter((number) => !byKey.has(keyOf(proposal.agency, number, proposal.decision)));
    const candidates = fresh.length ? fresh : others;
    const circulars = candidates.filter((number) => number.includes("/TT-"));
    const document = rng.pick(circulars.length && rng.chance(0.7) ? circulars : candidates);
    join(proposal, document, rng.pick(["Điều 4", "Điều 7", "khoản 2 Điều 9", "Phụ lục I", "Mẫu số 01"]));
  }

  // A proposal names the documents to amend before it is submitted: those still in review, or
  // rejected or withdrawn after it, start an amendment of their own document, not yet begun.
  const pending = proposals.filter((p) => p.code === null && !["draft", "approved"].includes(p.status) && p.sourceDocument);
  for (const proposal of pending) {
    const document = proposal.sourceDocument ?? "";
    let amendment = amendments.find(
      (a) => a.agency === proposal.agency && a.document === document && a.decision === null && a.proposals.length < MAX_PROPOSALS_PER_AMENDMENT,
    );
    if (!amendment) {
      amendment = newAmendment({ document, agency: proposal.agency, decision: null });
      amendments.push(amendment);
    }
    amendment.proposals.push(proposal.key);
    const provision = proposal.sourceProvision ?? "";
    if (provision && !amendment.provisions.includes(provision)) amendment.provisions.push(provision);
    if (provision) amendment.provisionsOf[proposal.key] = provision;
  }

  for (const [host, guest] of JOINT_WORK) {
    const hosts = amendments.filter((a) => a.agency === host && a.proposals.length < MAX_PROPOSALS_PER_AMENDMENT && a.decision !== null);
    const guests = generated.filter((p) => p.agency === guest && (links.get(p.key) ?? 0) === 1);
    if (hosts.length === 0 || guests.length === 0) continue;
    const amendment = rng.pick(hosts);
    const proposal = rng.pick(guests);
    amendment.proposals.push(proposal.key);
    links.set(proposal.key, 2);
  }
  return amendments;
}

function stageWeights(deadline: string | null, agencyClosed: boolean): (readonly [AmendmentStage, number])[] {
  if (agencyClosed) {
    return [["in_force", 55], ["submitted", 12], ["appraisal", 12], ["drafting", 10], ["cancelled", 11]];
  }
  const year = Number((deadline ?? "2027").slice(0, 4));
  if (year <= 2022) return [["in_force", 60], ["promulgated", 10], ["submitted", 10], ["appraisal", 8], ["consultation", 8], ["drafting", 8], ["cancelled", 5], ["not_started", 6]];
  if (year === 2023) return [["in_force", 45], ["promulgated", 12], ["submitted", 14], ["appraisal", 12], ["consultation", 10], ["drafting", 10], ["cancelled", 5], ["not_started", 7]];
  if (year === 2024) return [["in_force", 30], ["promulgated", 14], ["submitted", 15], ["appraisal", 14], ["consultation", 12], ["drafting", 12], ["cancelled", 5], ["not_started", 8]];
  if (year === 2025) return [["in_force", 10], ["promulgated", 12], ["submitted", 16], ["appraisal", 16], ["consultation", 16], ["drafting", 17], ["not_started", 10], ["cancelled", 3]];
  return [["in_force", 3], ["promulgated", 7], ["submitted", 10], ["appraisal", 15], ["consultation", 20], ["drafting", 25], ["not_started", 18], ["cancelled", 2]];
}

const OPEN_STAGES: readonly AmendmentStage[] = ["not_started", "drafting", "consultation", "appraisal", "submitted"];

/**
 * Decides deadlines, forms and stages. Of several amendments of one document by one agency,
 * only the latest may still be open: the earlier rounds are in force or were cancelled.
 */
export function planStages(
  rng: Random,
  amendments: AmendmentSpec[],
  proposals: Map<string, ProposalSpec>,
  agencies: Map<string, SeedAgency>,
  documents: Map<string, DocumentSpec>,
): void {
  for (const amendment of amendments) {
    const carried = amendment.proposals.map((key) => proposals.get(key)).filter((p) => p !== undefined);
    const approved = carried.filter((p) => p.status === "approved");
    const dues = (approved.length ? approved : carried).map((p) => p.dueOn).filter((d) => d !== null);
    amendment.deadline = dues.length ? dues.reduce(later) : null;
    amendment.note = amendment.decision ? `Thực hiện phương án tại Quyết định số ${amendment.decision}` : null;
  }

  // Amendments only proposed so far wait for the approval; those whose proposals were all
  // rejected or withdrawn have nothing left to carry out, and the ministry cancels them.
  const isApproved = (amendment: AmendmentSpec) => amendment.proposals.some((key) => proposals.get(key)?.status === "approved");
  for (const amendment of amendments.filter((a) => !isApproved(a))) {
    const dropped = amendment.proposals.every((key) => ["rejected", "withdrawn"].includes(proposals.get(key)?.status ?? ""));
    amendment.stage = dropped ? "cancelled" : "not_started";
    if (dropped) {
      amendment.cancelledFrom = "not_started";
      amendment.cancelReason = DROPPED_REASON;
    }
  }

  const rounds = new Map<string, AmendmentSpec[]>();
  for (const amendment of amendments.filter(isApproved)) {
    const key = `${amendment.agency}|${amendment.document}`;
    rounds.set(key, [...(rounds.get(key) ?? []), amendment]);
  }
  for (const round of rounds.values()) {
    round.sort((a, b) => (a.deadline ?? "9999").localeCompare(b.deadline ?? "9999"));
    round.forEach((amendment, index) => {
      const closed = Boolean(agencies.get(amendment.agency)?.activeTo);
      const latest = index === round.length - 1;
      if (!latest) amendment.stage = rng.weighted(closed ? [["in_force", 80], ["cancelled", 20]] : [["in_force", 65], ["promulgated", 15], ["cancelled", 20]]);
      else amendment.stage = rng.weighted(stageWeights(amendment.deadline, closed));
      // Only the latest round may replace or repeal the document; earlier ones amend it.
      const type = documents.has(amendment.document) ? parseDocumentNumber(amendment.document).type : "other";
      if (latest && (type === "decree" || type === "circular")) {
        amendment.form = rng.weighted([["amend", 88], ["replace", 8], ["repeal", type === "circular" ? 4 : 0]]);
      }
      if (amendment.stage === "cancelled") {
        amendment.cancelledFrom = rng.pick(OPEN_STAGES.slice(0, 4));
        amendment.cancelReason = rng.pick(CANCEL_REASONS);
      }
      const reached = amendment.stage === "cancelled" ? (amendment.cancelledFrom ?? "not_started") : amendment.stage;
      amendment.skipConsultation = !["not_started", "drafting", "consultation"].includes(reached) && rng.chance(0.15);
      if (amendment.skipConsultation) amendment.note = `${amendment.note ?? "Nhiệm vụ sửa đổi"}; áp dụng trình tự, thủ tục rút gọn`;
    });
  }
}

function amendingTitle(targets: DocumentSpec[], amendment: AmendmentSpec, agency: SeedAgency): string {
  const first = targets[0];
  if (!first) throw new Error("An amending document needs a target");
  const type = parseDocumentNumber(first.number).type;
  const name = TYPE_NAMES[type] ?? "Văn bản";
  if (targets.length > 1) {
    const plural = name.toLowerCase();
    return `${name} sửa đổi, bổ sung một số điều của các ${plural} thuộc phạm vi quản lý nhà nước của ${agency.nameVi}`;
  }
  if (type === "law") return `Luật sửa đổi, bổ sung một số điều của ${first.title}`;
  const subject = first.title.startsWith(`${name} `) ? first.title.slice(name.length + 1) : first.title;
  if (amendment.form === "replace") return `${name} ${subject} (thay thế ${name} số ${first.number})`;
  if (amendment.form === "repeal") return `${name} bãi bỏ ${name} số ${first.number} ${subject}`;
  return `${name} sửa đổi, bổ sung một số điều của ${name} số ${first.number} ${subject}`;
}

/**
 * Gives every promulgated or in-force amendment its amending document, numbered like real ones
 * ("27/2024/NĐ-CP"). Amendments of one agency due about the same time often share one decree
 * or circular: one document amending many.
 */
export function planAmendingDocuments(
  rng: Random,
  amendments: AmendmentSpec[],
  agencies: Map<string, SeedAgency>,
  documents: Map<string, DocumentSpec>,
  decisions: Map<string, DecisionSpec>,
): DocumentSpec[] {
  const taken = new Set([...documents.values()].map((d) => parseDocumentNumber(d.number).key));
  const groups = new Map<string, AmendmentSpec[]>();
  for (const amendment of amendments) {
    if (amendment.stage !== "promulgated" && amendment.stage !== "in_force") continue;
    const type = parseDocumentNumber(amendment.document).type;
    const shareable = amendment.form === "amend" && (type === "decree" || type === "circular");
    const key = shareable ? `${amendment.agency}|${type}` : `${amendment.agency}|${amendment.document}|${amendment.stage}|single`;
    groups.set(key, [...(groups.get(key) ?? []), amendment]);
  }
  // Neighbours in time share a document.
  for (const group of groups.values()) group.sort((a, b) => (a.deadline ?? "").localeCompare(b.deadline ?? ""));

  const created: DocumentSpec[] = [];
  for (const group of groups.values()) {
    let rest = [...group];
    while (rest.length) {
      // Up to `size` amendments, each of a different document.
      const size = rng.weighted([[1, 10], [2, 25], [3, 30], [4, 20], [5, 15]]);
      const chunk: AmendmentSpec[] = [];
      const left: AmendmentSpec[] = [];
      for (const amendment of rest) {
        if (chunk.length < size && !chunk.some((a) => a.document === amendment.document)) chunk.push(amendment);
        else left.push(amendment);
      }
      rest = left;
      const lead = chunk[0];
      if (!lead) break;
      const agency = agencies.get(lead.agency);
      if (!agency) throw new Error(`Unknown agency ${lead.agency}`);
      const targets = chunk.map((a) => documents.get(a.document)).filter((d) => d !== undefined);
      const type = parseDocumentNumber(lead.document).type;

      // An agency merged away issued nothing after its merger: its documents are all in force.
      const stage = agency.activeTo ? "in_force" : lead.stage;
      let issuedOn: string;
      let effectiveOn: string;
      if (stage === "in_force") {
        const signed = chunk.map((a) => (a.decision ? decisions.get(a.decision)?.signedOn : undefined)).filter((d) => d !== undefined);
        // A law takes effect months after it is passed; a decree or circular within weeks.
        const delay = type === "law" ? rng.pick([120, 150, 180]) : rng.pick([0, 15, 30, 45, 45, 60]);
        const earliest = later(addDays(signed.length ? signed.reduce(later) : "2022-01-01", 120), addDays(targets.map((t) => t.issuedOn).reduce(later), 30));
        const latest = earlier(agency.activeTo ? addDays(agency.activeTo, -20) : LAST_ISSUE, addDays(LAST_EFFECTIVE, -delay));
        const deadline = chunk.map((a) => a.deadline ?? LAST_ISSUE).reduce(later);
        issuedOn = earlier(latest, later(earliest, addDays(deadline, -rng.int(0, 240))));
        effectiveOn = addDays(issuedOn, delay);
      } else {
        issuedOn = addDays("2026-07-01", rng.int(0, 120));
        effectiveOn = rng.pick(["2027-01-01", "2027-02-15", "2027-03-01", "2027-07-01"]);
      }
      const year = Number(issuedOn.slice(0, 4));

      let number = "";
      do {
        if (type === "law") number = `${String(rng.int(1, 120)).padStart(2, "0")}/${year}/QH15`;
        else if (type === "circular") number = `${String(rng.int(1, 60)).padStart(2, "0")}/${year}/TT-${agency.code}`;
        else if (type === "pm_decision") number = `${String(rng.int(1, 50)).padStart(2, "0")}/${year}/QĐ-TTg`;
        else number = `${String(rng.int(1, 380)).padStart(2, "0")}/${year}/NĐ-CP`;
      } while (taken.has(parseDocumentNumber(number).key));
      taken.add(parseDocumentNumber(number).key);

      const amending: DocumentSpec = {
        number,
        title: amendingTitle(targets, lead, agency),
        issuedOn,
        effectiveOn,
        lead: agency.code,
        status: stage === "in_force" ? "in_force" : "not_yet_in_force",
      };
      // One document is in force for all it amends, or for none of them yet.
      for (const amendment of chunk) {
        amendment.amending = amending;
        amendment.stage = stage;
      }
      created.push(amending);
    }
  }
  return created;
}
