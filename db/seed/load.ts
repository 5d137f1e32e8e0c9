import type { Transaction } from "kysely";
import { AmendmentSchema, AmendmentStageSchema } from "~/schemas/amendment";
import { ProposalSchema } from "~/schemas/proposal";
import { SnapshotSchema } from "~/schemas/snapshot";
import { createAmendment, linkProposalsToAmendment, moveAmendmentStage, setLinkProvisions } from "~/services/amendment.server";
import { createProposal } from "~/services/proposal.server";
import { commentOnProposal, transitionProposal } from "~/services/proposal-workflow.server";
import { createSnapshot } from "~/services/snapshot.server";
import type { DB } from "../types";
import { createDemoDocument, type DocumentSpec } from "./documents";
import { parseInput } from "./forms";
import type { Schedule } from "./schedule";
import type { AmendmentSpec, ProposalSpec } from "./specs";
import { MEETINGS, type Timeline } from "./timeline";
import type { DemoAccount, DemoAccounts } from "./users";

// Plans the demo's steps through the services on the days the timeline gives them, acting as
// the person who does each one: the agency's officer logs a draft and names the documents to
// amend, then submits; the secretariat returns, rejects or approves under a decision; the
// officer answers, resubmits or withdraws; the ministry drives each amendment through its
// stages; the committee freezes its figures at its meetings. Ids are known once a step has run.

const RESUBMIT_REPLY = "Đã tiếp thu ý kiến, bổ sung thuyết minh và gửi lại.";

export interface DemoPlan {
  trx: Transaction<DB>;
  schedule: Schedule;
  accounts: DemoAccounts;
  timeline: Timeline;
  /** Filled in as the steps run. */
  decisionIds: Map<string, number>;
  proposalIds: Map<string, number>;
}

function originalOfficer(accounts: DemoAccounts, agency: string): DemoAccount {
  const officer = accounts.officers.get(agency);
  if (!officer) throw new Error(`No demo officer for ${agency}`);
  return officer;
}

/** The officer of the agency responsible for a record on the day a step runs (a merger moves open cases). */
async function officerNow(plan: DemoPlan, table: "proposals" | "amendments", id: number): Promise<DemoAccount> {
  const { agency_id } = await plan.trx.selectFrom(table).select("agency_id").where("id", "=", id).executeTakeFirstOrThrow();
  const officer = [...plan.accounts.officers.values()].find((account) => account.agency_id === agency_id);
  if (!officer) throw new Error(`No demo officer for agency ${agency_id}`);
  return officer;
}

function idOf(ids: Map<string, number>, key: string): number {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`Demo step before ${key} was created`);
  return id;
}

/** The register the proposals cite, each document recorded by the secretariat. */
export function scheduleRegister(plan: DemoPlan, documents: DocumentSpec[]): void {
  for (const document of documents) {
    plan.schedule.add(plan.timeline.documents.get(document.number) ?? "", () => createDemoDocument(plan.trx, plan.accounts.reviewer, document));
  }
}

/** Each proposal logged as a draft, then walked through the workflow to its planned status. */
export function scheduleProposals(plan: DemoPlan, specs: ProposalSpec[]): void {
  const { trx, schedule, accounts, timeline } = plan;
  const { reviewer } = accounts;
  for (const spec of specs) {
    const times = timeline.proposals.get(spec.key);
    const code = spec.code;
    if (!times || !code) throw new Error(`Proposal ${spec.key} has no plan`);
    const officer = () => officerNow(plan, "proposals", idOf(plan.proposalIds, spec.key));
    schedule.add(times.created, async () => {
      const input = parseInput(ProposalSchema, spec.form, `proposal ${code}`);
      plan.proposalIds.set(spec.key, (await createProposal(trx, originalOfficer(accounts, spec.agency), input, { code })).id);
    });
    if (times.submitted) schedule.add(times.submitted, async () => transitionProposal(trx, await officer(), code, "submit"));
    if (times.returned && times.replied && times.resubmitted) {
      schedule.add(times.returned, () => transitionProposal(trx, reviewer, code, "return", { comment: spec.comment }));
      schedule.add(times.replied, async () => commentOnProposal(trx, await officer(), code, RESUBMIT_REPLY));
      schedule.add(times.resubmitted, async () => transitionProposal(trx, await officer(), code, "submit"));
    }
    if (!times.decided) continue;
    switch (spec.status) {
      case "returned":
      case "rejected":
        schedule.add(times.decided, () => transitionProposal(trx, reviewer, code, spec.status === "returned" ? "return" : "reject", { comment: spec.comment }));
        break;
      case "withdrawn":
        schedule.add(times.decided, async () => transitionProposal(trx, await officer(), code, "withdraw", { comment: spec.comment }));
        break;
      case "approved":
        schedule.add(times.decided, () => {
          const decisionId = spec.decision ? plan.decisionIds.get(spec.decision) : undefined;
          if (decisionId === undefined) throw new Error(`Proposal ${code}: decision ${spec.decision} not recorded yet`);
          return transitionProposal(trx, reviewer, code, "approve", { decisionId, dueOn: spec.dueOn });
        });
        break;
      default:
        throw new Error(`Proposal ${code}: nothing plans a decision for status ${spec.status}`);
    }
  }
}

/**
 * Each amendment created by its agency with the proposals already logged, the others linked on
 * their own days (another agency's by the secretariat), then moved through its stages,
 * recording its amending document when promulgated.
 */
export function scheduleAmendments(plan: DemoPlan, specs: AmendmentSpec[], proposals: ProposalSpec[]): void {
  const { trx, schedule, accounts, timeline } = plan;
  const byKey = new Map(proposals.map((proposal) => [proposal.key, proposal]));
  const codeOf = (key: string) => {
    const code = byKey.get(key)?.code;
    if (!code) throw new Error(`Amendment of an unknown proposal ${key}`);
    return code;
  };
  const recorded = new Set<DocumentSpec>();
  specs.forEach((spec, index) => {
    const times = timeline.amendments[index];
    if (!times) throw new Error(`Amendment of ${spec.document} has no plan`);
    let id: number | undefined;
    const amendmentId = () => {
      if (id === undefined) throw new Error(`Amendment of ${spec.document} moved before it was created`);
      return id;
    };
    // a link carries the provisions its own proposal needs amended
    const ownProvisions = async (actor: DemoAccount, key: string) => {
      const own = spec.provisionsOf[key];
      if (spec.proposals.length > 1 && own) await setLinkProvisions(trx, actor, { amendmentId: amendmentId(), proposalId: idOf(plan.proposalIds, key) }, own);
    };
    const atCreation = spec.proposals.filter((key) => times.linked.get(key) === times.created && byKey.get(key)?.agency === spec.agency);
    schedule.add(times.created, async () => {
      const officer = originalOfficer(accounts, spec.agency);
      const input = parseInput(
        AmendmentSchema,
        {
          document: spec.document,
          agency: spec.agency,
          provisions: spec.provisions.join("; "),
          form: spec.form,
          deadline: spec.deadline ?? "",
          note: spec.note ?? "",
          proposals: atCreation.map(codeOf).join(", "),
        },
        `amendment of ${spec.document} by ${spec.agency}`,
      );
      id = await createAmendment(trx, officer, input);
      for (const key of atCreation) await ownProvisions(officer, key);
    });
    for (const key of spec.proposals.filter((candidate) => !atCreation.includes(candidate))) {
      schedule.add(times.linked.get(key) ?? times.created, async () => {
        const actor = byKey.get(key)?.agency === spec.agency ? await officerNow(plan, "amendments", amendmentId()) : accounts.reviewer;
        await linkProposalsToAmendment(trx, actor, amendmentId(), [codeOf(key)]);
        await ownProvisions(actor, key);
      });
    }
    for (const move of times.moves) {
      schedule.add(move.day, async () => {
        const officer = await officerNow(plan, "amendments", amendmentId());
        const values: Record<string, string> = { stage: move.stage };
        if (move.stage === "cancelled") values.reason = spec.cancelReason ?? "";
        if (move.stage === "promulgated" || move.stage === "in_force") {
          const amending = spec.amending;
          if (!amending) throw new Error(`Amendment of ${spec.document}: ${move.stage} without an amending document`);
          // the register learns the amending document's title once, before its number is recorded
          if (!recorded.has(amending)) {
            await createDemoDocument(trx, officer, amending);
            recorded.add(amending);
          }
          Object.assign(values, { amending_number: amending.number, promulgated_on: amending.issuedOn, effective_on: amending.effectiveOn ?? "" });
        }
        await moveAmendmentStage(trx, officer, amendmentId(), parseInput(AmendmentStageSchema, values, `stage ${move.stage} of ${spec.document}`));
      });
    }
  });
}

/** The committee's meetings: the secretariat freezes the figures as they stood that day. */
export function scheduleMeetings(plan: DemoPlan): void {
  for (const meeting of MEETINGS) {
    plan.schedule.add(meeting.heldOn, () =>
      createSnapshot(plan.trx, plan.accounts.reviewer, parseInput(SnapshotSchema, { title: meeting.title, held_on: meeting.heldOn }, meeting.title), meeting.heldOn),
    );
  }
}
