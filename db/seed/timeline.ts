import { AMENDMENT_STAGES, type AmendmentStage } from "~/domain/vocabulary";
import type { SeedAgency } from "./agencies";
import type { DecisionSpec } from "./decisions";
import type { DocumentSpec } from "./documents";
import type { Random } from "./random";
import type { AmendmentSpec, ProposalSpec } from "./specs";

// When each planned step of the demo happened: the days the schedule (schedule.ts) runs them
// on. Pure and seeded. The order is the one the work follows: the register and the accounts
// first; a ministry logs a proposal and names the documents to amend, submits it weeks or
// months before the Prime Minister signs the decision approving it, which the secretariat
// records on the day it is signed; the approval is recorded in the days after; the ministry
// then drives each amendment through its stages up to the amending document's promulgation
// and effective dates. Work of an agency merged away in 2025 happened before its last day.

/** The program (Resolution 68/NQ-CP, May 2020) and its tracker start: accounts and register. */
export const PROGRAM_START = "2020-06-01";
/** The latest the demo's own story reaches (the seed never stamps anything after it is loaded). */
export const STORY_END = "2026-11-20";
/** The reorganization's admin work: baselines entered once the new ministries existed. */
export const BASELINES_ON = "2025-03-16";

/** Meetings of the steering committee whose figures the demo freezes as they stood then. */
export const MEETINGS: readonly { title: string; heldOn: string }[] = [
  { title: "Phiên họp thứ tư của Ban Chỉ đạo", heldOn: "2023-04-19" },
  { title: "Phiên họp thứ năm của Ban Chỉ đạo", heldOn: "2024-04-18" },
  { title: "Phiên họp thứ sáu của Ban Chỉ đạo", heldOn: "2025-10-16" },
];

export function addDays(iso: string, days: number): string {
  const [year, month, day] = iso.split("-").map(Number);
  // UTC arithmetic on a calendar date: no time zone can move it
  return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, (day ?? 1) + days)).toISOString().slice(0, 10);
}

const later = (a: string, b: string) => (a > b ? a : b);
const earlier = (a: string, b: string) => (a < b ? a : b);
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export interface ProposalTimes {
  created: string;
  submitted?: string;
  /** Returned once before its approval, the officer's reply, the new submission. */
  returned?: string;
  replied?: string;
  resubmitted?: string;
  /** Approved, returned, rejected or withdrawn: its status's last move. */
  decided?: string;
}

export interface AmendmentTimes {
  created: string;
  /** Each proposal's link: on the day the amendment was created, or on a later day. */
  linked: Map<string, string>;
  /** Each stage move, in order. */
  moves: { stage: AmendmentStage; day: string }[];
}

export interface Timeline {
  documents: Map<string, string>;
  proposals: Map<string, ProposalTimes>;
  amendments: AmendmentTimes[];
}

interface TimelineInput {
  proposals: ProposalSpec[];
  amendments: AmendmentSpec[];
  decisions: Map<string, DecisionSpec>;
  agencies: Map<string, SeedAgency>;
  register: DocumentSpec[];
}

const PIPELINE: readonly AmendmentStage[] = AMENDMENT_STAGES.filter((stage) => stage !== "cancelled");

export function planTimeline(rng: Random, { proposals, amendments, decisions, agencies, register }: TimelineInput): Timeline {
  /** A day a fraction of the way from `from` to `to`, at least a day after `from`. */
  const along = (from: string, to: string, low: number, high: number) =>
    addDays(from, Math.max(1, Math.round(daysBetween(from, to) * (low + rng.next() * (high - low)))));
  const agencyOf = (code: string) => {
    const agency = agencies.get(code);
    if (!agency) throw new Error(`Demo timeline: unknown agency ${code}`);
    return agency;
  };
  /** The last day an agency merged away still acted on its own. */
  const lastDayOf = (agency: SeedAgency) => (agency.activeTo ? addDays(agency.activeTo, -1) : STORY_END);

  // the register: loaded at the start, later documents a week after they were issued
  const documents = new Map(register.map((document) => [document.number, later(PROGRAM_START, addDays(document.issuedOn, 7))]));
  const registered = (number: string | null) => (number ? (documents.get(number) ?? PROGRAM_START) : PROGRAM_START);

  const proposalTimes = new Map<string, ProposalTimes>();
  for (const proposal of proposals) {
    const agency = agencyOf(proposal.agency);
    const earliest = addDays([PROGRAM_START, agency.activeFrom ?? PROGRAM_START, registered(proposal.sourceDocument)].reduce(later), 1);
    const decision = proposal.decision ? decisions.get(proposal.decision) : undefined;
    let window: [string, string];
    if (decision) window = [later(earliest, addDays(decision.signedOn, -330)), addDays(decision.signedOn, -20)];
    else {
      // pending, rejected or withdrawn: recent work, or an agency's own before its merger; a
      // plan dated by its timeline was submitted before that date
      const last = proposal.dueOn ? earlier(lastDayOf(agency), addDays(proposal.dueOn, -60)) : lastDayOf(agency);
      window = [later(earliest, earlier(agency.activeTo ? "2023-03-01" : "2025-06-01", addDays(last, -150))), last];
    }
    const [from, to] = window;
    if (daysBetween(from, to) < 10) throw new Error(`Demo timeline: ${proposal.key} has no room between ${from} and ${to}`);
    const times: ProposalTimes = { created: along(from, to, 0, 0.4) };
    if (proposal.status !== "draft") times.submitted = along(addDays(times.created, 1), to, 0.3, 0.6);
    if (decision) {
      if (proposal.returnedFirst) {
        times.returned = along(times.submitted!, to, 0.2, 0.4);
        times.replied = addDays(times.returned, rng.int(1, 3));
        times.resubmitted = along(times.replied, to, 0.3, 0.7);
      }
      times.decided = addDays(decision.signedOn, rng.int(1, 20));
    } else if (proposal.status !== "draft" && proposal.status !== "submitted") {
      times.decided = along(times.submitted!, to, 0.2, 0.9);
    }
    proposalTimes.set(proposal.key, times);
  }

  const proposalByKey = new Map(proposals.map((proposal) => [proposal.key, proposal]));
  const amendmentTimes = amendments.map((amendment): AmendmentTimes => {
    const agency = agencyOf(amendment.agency);
    const created = (key: string) => proposalTimes.get(key)?.created ?? PROGRAM_START;
    // created by its agency the day after the first of its own proposals named the document;
    // later proposals, and another agency's, are linked on their own days
    const own = amendment.proposals.filter((key) => proposalByKey.get(key)?.agency === amendment.agency);
    const day = addDays(later(own.map(created).reduce(earlier), registered(amendment.document)), 1);
    const linked = new Map(amendment.proposals.map((key) => [key, later(day, addDays(created(key), 1))]));

    const approvals = amendment.proposals.flatMap((key) => (proposalByKey.get(key)?.status === "approved" ? [proposalTimes.get(key)?.decided ?? day] : []));
    const moves: AmendmentTimes["moves"] = [];
    if (approvals.length === 0) {
      // carried only proposals that were rejected or withdrawn: cancelled once the last one went
      if (amendment.stage === "cancelled") {
        const last = amendment.proposals.map((key) => proposalTimes.get(key)?.decided ?? day).reduce(later);
        moves.push({ stage: "cancelled", day: addDays(later(last, day), rng.int(5, 30)) });
      }
      return { created: day, linked, moves };
    }
    // work starts once the decision approves what it carries
    const start = addDays(later(day, approvals.reduce(earlier)), rng.int(10, 45));
    const reached = amendment.stage === "cancelled" ? (amendment.cancelledFrom ?? "not_started") : amendment.stage;
    const steps = PIPELINE.slice(1, PIPELINE.indexOf(reached) + 1).filter((stage) => !(stage === "consultation" && amendment.skipConsultation));
    const amending = amendment.amending;
    const drafting = steps.filter((stage) => stage !== "promulgated" && stage !== "in_force");
    // the stages before the amending document spread up to its promulgation, or up to lately
    // (a cancelled one's up to its cancellation)
    const until = amending ? amending.issuedOn : addDays(lastDayOf(agency), -rng.int(0, 90));
    const end = later(until, addDays(start, drafting.length + 2));
    const cancelled = amendment.stage === "cancelled";
    const span = cancelled ? along(start, end, 0.4, 0.7) : end;
    drafting.forEach((stage, index) => moves.push({ stage, day: along(start, span, (index + 0.5) / (drafting.length + 1), (index + 1) / (drafting.length + 1)) }));
    if (steps.includes("promulgated") && amending) moves.push({ stage: "promulgated", day: amending.issuedOn });
    if (steps.includes("in_force") && amending) moves.push({ stage: "in_force", day: amending.effectiveOn ?? amending.issuedOn });
    if (cancelled) moves.push({ stage: "cancelled", day: end });
    return { created: day, linked, moves };
  });

  return { documents, proposals: proposalTimes, amendments: amendmentTimes };
}
