// Bulk synthetic data at the scale DOMAIN.md plans for, for the benchmark:
// `npx tsx scripts/generate-data.ts --proposals 100000` fills DATABASE_PATH.
// Rows are inserted directly (not through services) because services run per record and the
// point here is volume; the shapes match what the services write.
import { parseArgs } from "node:util";
import type { Kysely } from "kysely";
import { migrateToLatest, openDatabase } from "../app/db.server";
import { documentNumberKey } from "../app/domain/document-number";
import { refreshImplementation } from "../app/services/implementation.server";
import { documentSearchText } from "../app/services/legal-document.server";
import { proposalSearchText } from "../app/services/proposal.server";
import {
  AMENDMENT_FORMS,
  AMENDMENT_STAGES,
  PROPOSAL_ACTIONS,
  PROPOSAL_STATUSES,
  REGULATION_TYPES,
} from "../app/domain/vocabulary";
import { createRandom } from "../db/seed/random";
import type { DB } from "../db/types";

export interface Volume {
  proposals: number;
  documents: number;
  amendments: number;
}

const SUBJECTS = [
  "Cấp giấy phép kinh doanh dịch vụ",
  "Thủ tục đăng ký hoạt động",
  "Điều kiện về cơ sở vật chất đối với cơ sở",
  "Chế độ báo cáo định kỳ về tình hình",
  "Kiểm tra chuyên ngành đối với hàng hóa",
  "Cấp chứng chỉ hành nghề",
  "Thẩm định hồ sơ đề nghị công nhận",
];
const OBJECTS = ["thực phẩm", "dược phẩm", "xây dựng", "vận tải đường bộ", "giáo dục nghề nghiệp", "viễn thông", "thủy sản", "khoáng sản"];

/** Adds the volume to a migrated database that already has agencies. */
export async function generateData(db: Kysely<DB>, volume: Volume, seed = 42): Promise<void> {
  const random = createRandom(seed);
  const { next, pick } = random;
  const agencies = await db.selectFrom("agencies").select(["id", "code"]).execute();
  if (agencies.length === 0) throw new Error("generateData needs agencies first");
  const decision = await db
    .insertInto("decisions")
    .values({ number: `9${seed}/QĐ-TTg`, number_key: documentNumberKey(`9${seed}/QĐ-TTg`), signed_on: "2024-01-15", kind: "reduction_plan", title_vi: "Quyết định thử tải", due_on: "2025-12-31", timeline: "Năm 2025" })
    .returning("id")
    .executeTakeFirstOrThrow();

  await db.transaction().execute(async (trx) => {
    const documents: { id: number; number: string }[] = [];
    for (let i = 0; i < volume.documents; i++) {
      const agency = pick(agencies);
      const year = 2000 + Math.floor(next() * 25);
      // numbers from 10000 up do not collide with the demo register
      const number = `${10_000 + i}/${year}/TT-${agency.code}`;
      const numberKey = documentNumberKey(number);
      const title = `Thông tư quy định ${pick(SUBJECTS).toLowerCase()} ${pick(OBJECTS)}`;
      const row = await trx
        .insertInto("legal_documents")
        .values({
          number,
          number_key: numberKey,
          doc_type: "circular",
          year,
          issuer: agency.code,
          title,
          status: "in_force",
          lead_agency_id: agency.id,
          search_text: documentSearchText(number, numberKey, title),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      documents.push({ id: row.id, number });
    }
    const proposalIds: number[] = [];
    const sequence = new Map<string, number>();
    for (let i = 0; i < volume.proposals; i++) {
      const agency = pick(agencies);
      const n = (sequence.get(agency.code) ?? 0) + 1;
      sequence.set(agency.code, n);
      const code = `${agency.code}-G${seed}-${String(n).padStart(6, "0")}`;
      const status = pick(PROPOSAL_STATUSES);
      const title = `${pick(SUBJECTS)} ${pick(OBJECTS)} số ${i}`;
      const before = Math.floor(next() * 20_000) * 1_000_000;
      const regulationType = pick(REGULATION_TYPES);
      const source = documents.length ? pick(documents) : null;
      const proposedChange = "Đơn giản hóa hồ sơ, rút ngắn thời gian giải quyết";
      const row = await trx
        .insertInto("proposals")
        .values({
          code,
          agency_id: agency.id,
          original_agency_id: agency.id,
          regulation_type: regulationType,
          title,
          source_document_id: source?.id ?? null,
          action: pick(PROPOSAL_ACTIONS),
          proposed_change: proposedChange,
          cost_before_vnd: before,
          cost_after_vnd: Math.floor(before * next()),
          status,
          decision_id: status === "approved" ? decision.id : null,
          due_on: status === "approved" ? `202${3 + Math.floor(next() * 5)}-12-31` : null,
          // what the services write, so the bench searches text of the real shape
          search_text: proposalSearchText({
            code,
            title,
            proposed_change: proposedChange,
            rationale: null,
            procedure_code: null,
            source_provision: null,
            source_document: source?.number,
          }),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      proposalIds.push(row.id);
    }
    for (let i = 0; i < volume.amendments && documents.length; i++) {
      const agency = pick(agencies);
      const stage = pick(AMENDMENT_STAGES.filter((s) => s !== "promulgated" && s !== "in_force"));
      const row = await trx
        .insertInto("amendments")
        .values({
          legal_document_id: pick(documents).id,
          agency_id: agency.id,
          original_agency_id: agency.id,
          form: pick(AMENDMENT_FORMS),
          stage,
          cancel_reason: stage === "cancelled" ? "Không còn cần thiết" : null,
          deadline: `202${3 + Math.floor(next() * 5)}-0${1 + Math.floor(next() * 9)}-15`,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const links = new Set([pick(proposalIds), pick(proposalIds)]);
      for (const proposalId of links) {
        await trx.insertInto("proposal_amendments").values({ proposal_id: proposalId, amendment_id: row.id }).execute();
      }
    }
    // the stored implementation progress, computed by the app's own rule
    for (let start = 0; start < proposalIds.length; start += 500) {
      await refreshImplementation(trx, proposalIds.slice(start, start + 500));
    }
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      proposals: { type: "string", default: "100000" },
      documents: { type: "string", default: "30000" },
      amendments: { type: "string", default: "50000" },
    },
  });
  const path = process.env.DATABASE_PATH ?? "data/tinhgon.db";
  const db = openDatabase(path);
  await migrateToLatest(db);
  const started = Date.now();
  await generateData(db, {
    proposals: Number(values.proposals),
    documents: Number(values.documents),
    amendments: Number(values.amendments),
  });
  console.log(`Generated into ${path} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await db.destroy();
}
