import type { Transaction } from "kysely";
import { AMENDMENT_STAGES, type AmendmentStage } from "~/domain/vocabulary";
import { AmendmentSchema, AmendmentStageSchema } from "~/schemas/amendment";
import { ProposalSchema } from "~/schemas/proposal";
import { createAmendment, moveAmendmentStage } from "~/services/amendment.server";
import { createProposal } from "~/services/proposal.server";
import { applyDemoStatus } from "~/services/seed-support.server";
import type { DB } from "../types";
import { createDemoDocument, type DocumentSpec } from "./documents";
import { parseInput } from "./forms";
import type { AmendmentSpec, ProposalSpec } from "./specs";
import type { DemoAccount, DemoAccounts } from "./users";

// Writes the planned demo data through the services, acting as the person who would do each
// step: the agency's officer logs, submits and amends; the secretariat returns, rejects, approves.

function officerOf(accounts: DemoAccounts, agency: string): DemoAccount {
  const officer = accounts.officers.get(agency);
  if (!officer) throw new Error(`No demo officer for ${agency}`);
  return officer;
}

/** Creates the proposals and walks each to its status; returns id and code by key. */
export async function loadProposals(
  trx: Transaction<DB>,
  accounts: DemoAccounts,
  decisionIds: Map<string, number>,
  specs: ProposalSpec[],
): Promise<Map<string, { id: number; code: string }>> {
  const created = new Map<string, { id: number; code: string }>();
  const reviewer = accounts.reviewer.id;
  for (const spec of specs) {
    const officer = officerOf(accounts, spec.agency);
    const input = parseInput(ProposalSchema, spec.form, `proposal ${spec.code ?? spec.key}`);
    const proposal = await createProposal(trx, officer, input, spec.code ? { code: spec.code } : {});
    created.set(spec.key, proposal);

    const move = (actor: number, status: ProposalSpec["status"], comment: string | null = null) =>
      applyDemoStatus(trx, actor, proposal.id, status, null, null, comment);
    if (spec.status === "draft") continue;
    await move(officer.id, "submitted");
    if (spec.returnedFirst) {
      await move(reviewer, "returned", spec.comment);
      await move(officer.id, "submitted");
    }
    if (spec.status === "returned" || spec.status === "rejected") await move(reviewer, spec.status, spec.comment);
    if (spec.status === "withdrawn") await move(officer.id, "withdrawn", spec.comment);
    if (spec.status === "approved") {
      const decisionId = spec.decision ? decisionIds.get(spec.decision) : undefined;
      if (decisionId === undefined) throw new Error(`Proposal ${proposal.code}: unknown decision ${spec.decision}`);
      await applyDemoStatus(trx, reviewer, proposal.id, "approved", decisionId, spec.dueOn);
    }
  }
  return created;
}

const PIPELINE: readonly AmendmentStage[] = AMENDMENT_STAGES.filter((stage) => stage !== "cancelled");

/** Creates the amendments, links their proposals and moves each through the stages it reached. */
export async function loadAmendments(
  trx: Transaction<DB>,
  accounts: DemoAccounts,
  proposals: Map<string, { id: number; code: string }>,
  specs: AmendmentSpec[],
): Promise<void> {
  const recorded = new Set<DocumentSpec>();
  for (const spec of specs) {
    const officer = officerOf(accounts, spec.agency);
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
    const id = await createAmendment(trx, officer, input);

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
      const values = { stage: "cancelled", cancel_reason: spec.cancelReason ?? "" };
      await moveAmendmentStage(trx, officer, id, parseInput(AmendmentStageSchema, values, `cancelling ${spec.document}`));
    }
  }
}
