import type { Transaction } from "kysely";
import type { Actor } from "~/domain/permissions";
import { foldVietnamese } from "~/domain/text";
import { SUCCESSION_SCOPES, type SuccessionScope } from "~/domain/vocabulary";
import { listOpenAmendments, listOpenProposals, recordSuccession } from "~/services/succession.server";
import type { DB } from "../types";
import type { SeedAgency } from "./agencies";
import { oneOf } from "./agencies";
import { column, readSeedCsv } from "./csv";
import type { Schedule } from "./schedule";

// The 2025 reorganization (agency-successions.csv), recorded by the admin through the succession
// service on the day it took effect: the cases open that day move to the successors, closed ones
// and their history stay, the merged-away agencies' officers become officers of the main successor.

interface SuccessionRow {
  predecessor: string;
  successor: string;
  effectiveOn: string;
  scope: SuccessionScope;
  functions: string | null;
}

/**
 * Which open cases of a split go to a partial successor rather than the main one: words of their
 * titles (folded to ASCII), by the functions it took over. Illustrative, like the rest of the demo.
 * The functions are written as an admin types them in the succession form: in Vietnamese.
 */
const FUNCTION_WORDS: Record<string, string[]> = {
  "Đào tạo, sát hạch, cấp giấy phép lái xe": ["lai xe"],
  "Báo chí, xuất bản": ["bao chi", "xuat ban", "trang thong tin dien tu"],
  "Giáo dục nghề nghiệp": ["giao duc nghe nghiep"],
  "Bảo trợ xã hội; trẻ em": ["bao tro xa hoi", "tre em"],
  "Cai nghiện ma túy": ["cai nghien"],
  "Tín ngưỡng, tôn giáo": ["ton giao"],
};

function successionRows(): SuccessionRow[] {
  return readSeedCsv("agency-successions").map((row) => ({
    predecessor: column(row, "predecessor"),
    successor: column(row, "successor"),
    effectiveOn: column(row, "effective_on"),
    scope: oneOf<SuccessionScope>(SUCCESSION_SCOPES, column(row, "scope"), "succession scope"),
    functions: column(row, "functions") || null,
  }));
}

/** Where each open case of the predecessor goes when it is not the default: by record id. */
async function splitDestinations(trx: Transaction<DB>, predecessorId: number, partials: SuccessionRow[]) {
  const proposals: Record<number, string> = {};
  const amendments: Record<number, string> = {};
  if (partials.length === 0) return { proposals, amendments };
  const byCode = new Map<string, string>();
  for (const proposal of await listOpenProposals(trx, predecessorId)) {
    const title = foldVietnamese(proposal.title);
    const partial = partials.find((p) => (FUNCTION_WORDS[p.functions ?? ""] ?? []).some((word) => title.includes(word)));
    if (partial) {
      proposals[proposal.id] = partial.successor;
      byCode.set(proposal.code, partial.successor);
    }
  }
  // an amendment follows the first of its proposals that went to a partial successor
  for (const amendment of await listOpenAmendments(trx, predecessorId)) {
    const to = amendment.proposal_codes.map((code) => byCode.get(code)).find((code) => code !== undefined);
    if (to) amendments[amendment.id] = to;
  }
  return { proposals, amendments };
}

/** The reorganization on the day it took effect (the file gives one day for all of it). */
export function scheduleDemoSuccessions(schedule: Schedule, trx: Transaction<DB>, admin: Actor, agencies: Map<string, SeedAgency>): void {
  const days = [...new Set(successionRows().map((row) => row.effectiveOn))];
  if (days.length !== 1) throw new Error(`agency-successions.csv: the demo plans one reorganization day, not ${days.join(", ")}`);
  schedule.add(days[0]!, () => recordDemoSuccessions(trx, admin, agencies));
}

/**
 * Records every succession of agency-successions.csv, one predecessor at a time, and checks that
 * the result is what the files say: the same succession rows and the same last days.
 */
async function recordDemoSuccessions(trx: Transaction<DB>, admin: Actor, agencies: Map<string, SeedAgency>): Promise<number> {
  const rows = successionRows();
  const predecessors = [...new Set(rows.map((row) => row.predecessor))];
  const agencyOf = (code: string): SeedAgency => {
    const agency = agencies.get(code);
    if (!agency) throw new Error(`agency-successions.csv: unknown agency "${code}"`);
    return agency;
  };
  for (const code of predecessors) {
    const group = rows.filter((row) => row.predecessor === code);
    const main = group.find((row) => row.scope !== "partial");
    const partials = group.filter((row) => row.scope === "partial");
    const effectiveOn = group[0]?.effectiveOn ?? "";
    if (group.some((row) => row.effectiveOn !== effectiveOn)) throw new Error(`agency-successions.csv: ${code} has several effective dates`);
    await recordSuccession(trx, admin, {
      predecessor: code,
      effectiveOn,
      main: main?.successor ?? null,
      partials: partials.map((row) => ({ code: row.successor, functions: row.functions })),
      destinations: await splitDestinations(trx, agencyOf(code).id, partials),
      users: main ? "move" : undefined,
    });
  }

  // The service decides scopes and last days; they must be what the reference files say.
  const recorded = await trx
    .selectFrom("agency_successions as s")
    .innerJoin("agencies as p", "p.id", "s.predecessor_id")
    .innerJoin("agencies as n", "n.id", "s.successor_id")
    .select(["p.code as predecessor", "n.code as successor", "s.effective_on", "s.scope", "s.functions"])
    .execute();
  for (const row of rows) {
    const match = recorded.find((r) => r.predecessor === row.predecessor && r.successor === row.successor);
    if (!match || match.effective_on !== row.effectiveOn || match.scope !== row.scope || match.functions !== row.functions) {
      throw new Error(`agency-successions.csv: ${row.predecessor} → ${row.successor} was recorded as ${JSON.stringify(match ?? null)}`);
    }
  }
  if (recorded.length !== rows.length) throw new Error(`agency-successions.csv has ${rows.length} rows; ${recorded.length} successions were recorded`);
  for (const agency of agencies.values()) {
    const stored = await trx.selectFrom("agencies").select("active_to").where("id", "=", agency.id).executeTakeFirstOrThrow();
    if (stored.active_to !== agency.activeTo) {
      throw new Error(`agencies.csv: ${agency.code} ends ${agency.activeTo ?? "never"}, the successions made it ${stored.active_to ?? "never"}`);
    }
  }
  return rows.length;
}
