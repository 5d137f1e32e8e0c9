import { sql, type Kysely } from "kysely";

// Frozen: a migration never imports app code, so the value lists below are copies of
// app/domain/vocabulary.ts as it was when this migration was written.

function oneOf(column: string, values: readonly string[]) {
  return sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(", ")})`);
}

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("agencies")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name_vi", "text", (c) => c.notNull())
    .addColumn("name_en", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) =>
      c.notNull().check(oneOf("kind", ["ministry", "ministerial_agency", "government_agency"])),
    )
    .addColumn("active_from", "text")
    .addColumn("active_to", "text")
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable("agency_successions")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("predecessor_id", "integer", (c) => c.notNull().references("agencies.id"))
    .addColumn("successor_id", "integer", (c) => c.notNull().references("agencies.id"))
    .addColumn("effective_on", "text", (c) => c.notNull())
    .addColumn("scope", "text", (c) => c.notNull().check(oneOf("scope", ["full", "main", "partial"])))
    .addColumn("functions", "text")
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint("agency_successions_pair", ["predecessor_id", "successor_id"])
    .addCheckConstraint("agency_successions_distinct", sql`predecessor_id <> successor_id`)
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) =>
      c.notNull().check(oneOf("role", ["officer", "reviewer", "viewer", "admin"])),
    )
    .addColumn("agency_id", "integer", (c) => c.references("agencies.id"))
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1).check(sql`active IN (0, 1)`))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addCheckConstraint("users_officer_agency", sql`role <> 'officer' OR agency_id IS NOT NULL`)
    .execute();

  await db.schema
    .createTable("sessions")
    // the SHA-256 of the cookie token: a copied database does not hand out live sessions
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("login_failures")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("ip", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("login_failures_email").on("login_failures").columns(["email", "at"]).execute();
  await db.schema.createIndex("login_failures_ip").on("login_failures").columns(["ip", "at"]).execute();

  await db.schema
    .createTable("legal_documents")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("number", "text", (c) => c.notNull())
    .addColumn("number_key", "text", (c) => c.notNull().unique())
    .addColumn("number_recognized", "integer", (c) =>
      c.notNull().defaultTo(1).check(sql`number_recognized IN (0, 1)`),
    )
    .addColumn("doc_type", "text", (c) =>
      c.notNull().check(
        oneOf("doc_type", [
          "law",
          "na_resolution",
          "ordinance",
          "decree",
          "government_resolution",
          "pm_decision",
          "circular",
          "joint_circular",
          "other",
        ]),
      ),
    )
    .addColumn("year", "integer")
    .addColumn("issuer", "text")
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("issued_on", "text")
    .addColumn("effective_on", "text")
    .addColumn("status", "text", (c) =>
      c.notNull().check(oneOf("status", ["in_force", "not_yet_in_force", "amended", "repealed"])),
    )
    .addColumn("lead_agency_id", "integer", (c) => c.references("agencies.id"))
    .addColumn("search_text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex("legal_documents_type").on("legal_documents").column("doc_type").execute();
  await db.schema
    .createIndex("legal_documents_lead_agency")
    .on("legal_documents")
    .column("lead_agency_id")
    .execute();

  await db.schema
    .createTable("decisions")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("number", "text", (c) => c.notNull())
    .addColumn("number_key", "text", (c) => c.notNull().unique())
    .addColumn("signed_on", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) =>
      c.notNull().check(oneOf("kind", ["reduction_plan", "decentralization_plan", "other"])),
    )
    .addColumn("title_vi", "text", (c) => c.notNull())
    .addColumn("title_en", "text")
    .addColumn("timeline", "text")
    .addColumn("due_on", "text")
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable("proposals")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("agency_id", "integer", (c) => c.notNull().references("agencies.id"))
    .addColumn("original_agency_id", "integer", (c) => c.notNull().references("agencies.id"))
    .addColumn("regulation_type", "text", (c) =>
      c.notNull().check(
        oneOf("regulation_type", [
          "administrative_procedure",
          "business_condition",
          "reporting_regime",
          "specialized_inspection",
          "technical_standard",
          "other",
        ]),
      ),
    )
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("source_document_id", "integer", (c) => c.references("legal_documents.id"))
    .addColumn("source_provision", "text")
    .addColumn("action", "text", (c) =>
      c.notNull().check(oneOf("action", ["abolish", "simplify", "amend", "replace", "decentralize"])),
    )
    .addColumn("proposed_change", "text", (c) => c.notNull())
    .addColumn("rationale", "text")
    .addColumn("procedure_code", "text")
    .addColumn("cost_before_vnd", "integer", (c) => c.check(sql`cost_before_vnd >= 0`))
    .addColumn("cost_after_vnd", "integer", (c) => c.check(sql`cost_after_vnd >= 0`))
    .addColumn("status", "text", (c) =>
      c.notNull().check(
        oneOf("status", ["draft", "submitted", "returned", "approved", "rejected", "withdrawn"]),
      ),
    )
    .addColumn("decision_id", "integer", (c) => c.references("decisions.id"))
    .addColumn("timeline", "text")
    .addColumn("due_on", "text")
    .addColumn("no_amendment_reason", "text")
    .addColumn("search_text", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addCheckConstraint(
      "proposals_approved_decision",
      sql`status <> 'approved' OR decision_id IS NOT NULL`,
    )
    .execute();
  for (const [name, columns] of [
    ["proposals_agency_status", ["agency_id", "status"]],
    ["proposals_status", ["status"]],
    ["proposals_type", ["regulation_type"]],
    ["proposals_action", ["action"]],
    ["proposals_decision", ["decision_id"]],
    ["proposals_due", ["due_on"]],
    ["proposals_source_document", ["source_document_id"]],
    ["proposals_original_agency", ["original_agency_id"]],
  ] as const) {
    await db.schema.createIndex(name).on("proposals").columns([...columns]).execute();
  }

  await db.schema
    .createTable("amendments")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("legal_document_id", "integer", (c) => c.notNull().references("legal_documents.id"))
    .addColumn("agency_id", "integer", (c) => c.notNull().references("agencies.id"))
    .addColumn("original_agency_id", "integer", (c) => c.notNull().references("agencies.id"))
    .addColumn("provisions", "text")
    .addColumn("form", "text", (c) => c.notNull().check(oneOf("form", ["amend", "replace", "repeal", "new"])))
    .addColumn("stage", "text", (c) =>
      c.notNull().check(
        oneOf("stage", [
          "not_started",
          "drafting",
          "consultation",
          "appraisal",
          "submitted",
          "promulgated",
          "in_force",
          "cancelled",
        ]),
      ),
    )
    .addColumn("deadline", "text")
    .addColumn("amending_document_id", "integer", (c) => c.references("legal_documents.id"))
    .addColumn("cancel_reason", "text")
    .addColumn("note", "text")
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("updated_at", "text", (c) => c.notNull().defaultTo(now))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addCheckConstraint(
      "amendments_promulgated_document",
      sql`stage NOT IN ('promulgated', 'in_force') OR amending_document_id IS NOT NULL`,
    )
    .addCheckConstraint(
      "amendments_cancel_reason",
      sql`stage <> 'cancelled' OR cancel_reason IS NOT NULL`,
    )
    .execute();
  for (const [name, columns] of [
    ["amendments_agency_stage", ["agency_id", "stage"]],
    ["amendments_stage", ["stage"]],
    ["amendments_document", ["legal_document_id"]],
    ["amendments_deadline", ["deadline"]],
    ["amendments_amending_document", ["amending_document_id"]],
  ] as const) {
    await db.schema.createIndex(name).on("amendments").columns([...columns]).execute();
  }

  await db.schema
    .createTable("proposal_amendments")
    .addColumn("proposal_id", "integer", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("amendment_id", "integer", (c) => c.notNull().references("amendments.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint("proposal_amendments_pk", ["proposal_id", "amendment_id"])
    .execute();
  await db.schema
    .createIndex("proposal_amendments_amendment")
    .on("proposal_amendments")
    .column("amendment_id")
    .execute();

  await db.schema
    .createTable("events")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor_id", "integer", (c) => c.references("users.id"))
    .addColumn("entity_type", "text", (c) =>
      c.notNull().check(
        oneOf("entity_type", ["proposal", "amendment", "legal_document", "decision", "agency", "user"]),
      ),
    )
    .addColumn("entity_id", "integer")
    // the agency as it was when the event happened, so history survives mergers
    .addColumn("agency_id", "integer", (c) => c.references("agencies.id"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("from_status", "text")
    .addColumn("to_status", "text")
    .addColumn("comment", "text")
    .addColumn("changes", "text")
    .execute();
  await db.schema.createIndex("events_entity").on("events").columns(["entity_type", "entity_id", "id"]).execute();
  await db.schema.createIndex("events_at").on("events").column("at").execute();
  await sql`CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END`.execute(db);
  await sql`CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "events",
    "proposal_amendments",
    "amendments",
    "proposals",
    "decisions",
    "legal_documents",
    "login_failures",
    "sessions",
    "users",
    "agency_successions",
    "agencies",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
