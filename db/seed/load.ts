import type { Transaction } from "kysely";
import { AMENDMENT_STAGES, type AmendmentStage } from "~/domain/vocabulary";
import { AmendmentSchema, AmendmentStageSchema } from "~/schemas/amendment";
import { ProposalSchema } from "~/schemas/proposal";
import { createAmendment, moveAmendmentStage, setLinkProvisions } from "~/services/amendment.server";
import { createProposal } from "~/services/proposal.server";
import { commentOnProposal, transitionProposal } from "~/services/proposal-workflow.server";
import type { DB } from "../types";
import { createDemoDocument, type DocumentSpec } from "./documents";
import { parseInput } from "./forms";
import type { AmendmentSpec, ProposalSpec } from "./specs";
import type { DemoAccount, DemoAccounts } from "./users";

// Writes the planned demo data through the services, in the order the work happens and acting
// as the person who does each step: the agency's officer logs a draft and names the documents
// to amend, then submits; the secretariat returns, rejects or approves under a decision; the
// officer answers, resubmits or withdraws; the ministry drives each amendment through its stages.

export type CreatedProposals = Map<string, { id: number; code: string }>;

const RESUBMIT_REPLY = "Đã tiếp thu ý kiến, bổ sung thuyết minh và gửi lại.";

function officerOf(accounts: DemoAccounts, agency: string): DemoAccount {
  const officer = accounts.officers.get(agency);
  if (!officer) throw new Error(`No demo officer for ${agency}`);
  return officer;
}

/** Logs every proposal as a draft; returns id and code by key. */
export async function createDemoProposals(trx: Transaction<DB>, accounts: DemoAccounts, specs: ProposalSpec[]): Promise<CreatedProposals> {
  const created: CreatedProposals = new Map();
  for (const spec of specs) {
    const input = parseInput(ProposalSchema, spec.form, `proposal ${spec.code ?? spec.key}`);
    created.set(spec.key, await createProposal(trx, officerOf(accounts, spec.agency), input, spec.code ? { code: spec.code } : {}));
  }
  return created;
}

/** Creates the amendments with the proposals they carry (not started yet); returns their ids in spec order. */
export async function createDemoAmendments(
  trx: Transaction<DB>,
  accounts: DemoAccounts,
  proposals: CreatedProposals,
  specs: AmendmentSpec[],
): Promise<number[]> {
  const ids: number[] = [];
  for (const spec of specs) {
    const codes = spec.proposals.map((key) => {
      const proposal = proposals.get(key);
      if (!proposal) throw new Error(`Amendment of ${spec.document}: unknown proposal ${key}`);
      return proposal.code;
    });
    const input = parseInput(
      AmendmentSchema,
      {
        document: spec.document,
        agency: spec.agency,
        provisions: spec.provisions.join("; "),
        form: spec.form,
        deadline: spec.deadline ?? "",
        note: spec.note ?? "",
        proposals: codes.join(", "),
      },
      `amendment of ${spec.document} by ${spec.agency}`,
    );
    // a ministry links its own proposals; one carrying other ministries' too is the secretariat's work
    const author = codes.every((code) => code.startsWith(`${spec.agency}-`)) ? officerOf(accounts, spec.agency) : accounts.reviewer;
    const id = await createAmendment(trx, author, input);
    // an amendment carrying several proposals: each link records the provisions its proposal needs
    if (spec.proposals.length > 1) {
      for (const key of spec.proposals) {
        const own = spec.provisionsOf[key];
        const proposal = proposals.get(key);
        if (own && proposal) await setLinkProvisions(trx, author, { amendmentId: id, proposalId: proposal.id }, own);
      }
    }
    ids.push(id);
  }
  return ids;
}

/** Walks each proposal through the workflow to its planned status. */
export async function reviewDemoProposals(
  trx: Transaction<DB>,
  accounts: DemoAccounts,
  decisionIds: Map<string, number>,
  proposals: CreatedProposals,
  specs: ProposalSpec[],
): Promise<void> {
  const { reviewer } = accounts;
  for (const spec of specs) {
    if (spec.status === "draft") continue;
    const officer = officerOf(accounts, spec.agency);
    const code = proposals.get(spec.key)?.code;
    if (!code) throw new Error(`Proposal ${spec.key} was not created`);
    await transitionProposal(trx, officer, code, "submit");
    if (spec.returnedFirst) {
      await transitionProposal(trx, reviewer, code, "return", { comment: spec.comment });
      await commentOnProposal(trx, officer, code, RESUBMIT_REPLY);
      await transitionProposal(trx, officer, code, "submit");
    }
    switch (spec.status) {
      case "returned":
      case "rejected":
        await transitionProposal(trx, reviewer, code, spec.status === "returned" ? "return" : "reject", { comment: spec.comment });
        break;
      case "withdrawn":
        await transitionProposal(trx, officer, code, "withdraw", { comment: spec.comment });
        break;
      case "approved": {
        const decisionId = spec.decision ? decisionIds.get(spec.decision) : undefined;
        if (decisionId === undefined) throw new Error(`Proposal ${code}: unknown decision ${spec.decision}`);
        await transitionProposal(trx, reviewer, code, "approve", { decisionId, dueOn: spec.dueOn });
        break;
      }
      case "submitted":
        break;
    }
  }
}

const PIPELINE: readonly AmendmentStage[] = AMENDMENT_STAGES.filter((stage) => stage !== "cancelled");

/** Moves each amendment through the stages it reached, recording its amending document. */
export async function advanceDemoAmendments(trx: Transaction<DB>, accounts: DemoAccounts, ids: number[], specs: AmendmentSpec[]): Promise<void> {
  const recorded = new Set<DocumentSpec>();
  for (const [index, spec] of specs.entries()) {
    const id = ids[index];
    if (id === undefined) throw new Error(`Amendment of ${spec.document} was not created`);
    const officer = officerOf(accounts, spec.agency);
    const reached: AmendmentStage = spec.stage === "cancelled" ? (spec.cancelledFrom ?? "not_started") : spec.stage;
    for (const stage of PIPELINE.slice(1, PIPELINE.indexOf(reached) + 1)) {
      if (stage === "consultation" && spec.skipConsultation) continue;
      const values: Record<string, string> = { stage };
      if (stage === "promulgated" || stage === "in_force") {
        const amending = spec.amending;
        if (!amending) throw new Error(`Amendment of ${spec.document}: ${stage} without an amending document`);
        // The register learns the amending document's title once, before its number is recorded.
        if (!recorded.has(amending)) {
          await createDemoDocument(trx, officer, amending);
          recorded.add(amending);
        }
        Object.assign(values, { amending_number: amending.number, promulgated_on: amending.issuedOn, effective_on: amending.effectiveOn ?? "" });
      }
      await moveAmendmentStage(trx, officer, id, parseInput(AmendmentStageSchema, values, `stage ${stage} of ${spec.document}`));
    }
    if (spec.stage === "cancelled") {
      const values = { stage: "cancelled", reason: spec.cancelReason ?? "" };
      await moveAmendmentStage(trx, officer, id, parseInput(AmendmentStageSchema, values, `cancelling ${spec.document}`));
    }
  }
}
