import { sql, type Kysely, type RawBuilder } from "kysely";
import { dialectOf, openLocation, type DatabaseLocation } from "../../app/db.server";
import { todayIso } from "../../app/domain/dates";
import type { Figures } from "../../app/domain/figures";
import { computeSteeringFigures } from "../../app/models/figures.server";
import { searchIndexesConsistent } from "../../app/models/search.server";
import type { DB } from "../../db/types";
import { WRITE_KINDS, type RequestRecord, type SoakLog, type WriteRecord } from "./load";
import type { SoakPlan } from "./plan";

// What a soak must leave behind, checked on its database once the server has stopped. This is a
// test oracle, not app code: the SQL below is written independently of app/models and reads the
// raw rows, so that where it recomputes something the app derives (implementation progress, the
// dashboard's figures, stages and statuses on their effective dates) the two can disagree. It
// reads SQLite and PostgreSQL alike, through Kysely, in SQL both speak; the checks of SQLite's
// own file are SQLite's alone (fileChecks).

export interface Check {
  name: string;
  ok: boolean;
  /** Figures or the first failures. */
  detail: string;
}

/** The statuses a refusal may have: conflict, invalid, too many, busy. */
const REFUSALS = new Set([409, 422, 429, 503]);
const SHOWN = 5;

/**
 * The checks of a soak's log on its database. `expectEveryKind`: every kind of write must have been
 * acknowledged; `killed`: the server was killed during the load, so requests may go unanswered.
 */
export async function checkSoak(
  location: DatabaseLocation,
  plan: SoakPlan,
  log: SoakLog,
  options: { expectEveryKind?: boolean; killed?: boolean } = {},
): Promise<Check[]> {
  const checks: Check[] = [];
  const check = (name: string, failures: string[], detail = "") => checks.push(outcome(name, failures, detail));

  if (!options.killed) {
    check("every request answered", log.requests.filter((request) => request.status === 0).map((request) => request.kind), `${log.requests.length} requests`);
  }
  check(
    "no 5xx (503 busy only as a refusal)",
    log.requests.filter((request) => request.status >= 500 && request.status !== 503).map((request) => `${request.kind} ${request.status}`),
  );
  check(
    "every page and export answered 200 (or a refusal)",
    log.requests
      .filter((request) => !request.kind.startsWith("write:") && request.status !== 200 && !REFUSALS.has(request.status) && request.status !== 0)
      .map((request) => `${request.kind} ${request.status}`),
  );
  const refusals = log.requests.filter((request) => request.status >= 400);
  // a busy answer also says when to try again
  const unexplained = (request: RequestRecord) =>
    !REFUSALS.has(request.status) || !request.reason || (request.status === 503 && !request.reason.includes("Retry-After"));
  check(
    "every refusal is 409/422/429/503 with a reason",
    refusals.filter(unexplained).map((request) => `${request.kind} ${request.status} "${request.reason ?? ""}"`),
    `${refusals.length} refusals`,
  );
  if (options.expectEveryKind) {
    check(
      "every kind of write acknowledged at least once",
      WRITE_KINDS.filter((kind) => !log.writes.some((write) => write.kind === kind && write.outcome === "acknowledged")),
      WRITE_KINDS.join(", "),
    );
  }

  const db = openLocation(location);
  try {
    checks.push(...(await writesOnce(db, plan, log.writes)));
    checks.push(...(await derivedStatuses(db)));
    checks.push(await figuresPerAgency(db));
    checks.push(...(await fileChecks(db)));
  } finally {
    await db.destroy();
  }
  return checks;
}

/** A check that passed with `detail`, or failed with the first of `failures`. */
function outcome(name: string, failures: string[], detail = ""): Check {
  return { name, ok: failures.length === 0, detail: failures.length ? `${failures.length} failed: ${failures.slice(0, SHOWN).join("; ")}` : detail };
}

type Row = Record<string, unknown>;

async function rows<T = Row>(db: Kysely<DB>, query: RawBuilder<T>): Promise<T[]> {
  return (await query.execute(db)).rows;
}

/** The number a query of one row `n` gives (a count, PostgreSQL's bigint read as a number). */
async function number(db: Kysely<DB>, query: RawBuilder<{ n: number | null }>): Promise<number> {
  return Number((await rows(db, query))[0]?.n ?? 0);
}

/**
 * SQLite's checks of its own file: its pages and indexes (integrity_check) and its FTS5 indexes
 * against their tables. PostgreSQL has none that could fail here, so it gets none: it checks
 * every constraint at every write, a killed writer's transaction is undone by its write-ahead
 * log, and its search vectors are generated columns the server keeps equal to their text.
 */
async function fileChecks(db: Kysely<DB>): Promise<Check[]> {
  if (dialectOf(db) === "postgres") return [];
  const integrity = (await rows(db, sql<{ integrity_check: string }>`pragma integrity_check`)).map((row) => row.integrity_check).join("; ");
  return [
    outcome("PRAGMA integrity_check", integrity === "ok" ? [] : [integrity], "ok"),
    outcome("full-text indexes match their tables", (await searchIndexesConsistent(db)) ? [] : ["FTS5 integrity-check failed"], "ok"),
  ];
}

/**
 * Every acknowledged write is in the database exactly once, in its table and in the history;
 * a refused one nowhere; an unanswered one (in flight when the server died) at most once, whole.
 */
async function writesOnce(db: Kysely<DB>, plan: SoakPlan, writes: WriteRecord[]): Promise<Check[]> {
  const after = plan.lastEventId;
  /** The soak's history events that meet `condition`. */
  const count = (condition: RawBuilder<unknown>) => number(db, sql<{ n: number }>`select count(*) as n from events where id > ${after} and ${condition}`);
  const proposalId = async (code: string) => (await rows(db, sql<{ id: number }>`select id from proposals where code = ${code}`))[0]?.id ?? -1;
  const userId = async (email: string) => (await rows(db, sql<{ id: number }>`select id from users where email = ${email}`))[0]!.id;

  /** How many times the write is in the history, and whether its table holds it. */
  const found = async (write: WriteRecord): Promise<{ events: number; inTable: boolean }> => {
    const like = `%${"token" in write ? write.token : ""}%`;
    switch (write.kind) {
      case "stage":
        return {
          events: await count(sql`entity_type = 'amendment' and entity_id = ${write.amendmentId} and action = 'stage' and to_status = ${write.stage} and comment like ${like}`),
          inTable: true,
        };
      case "edit":
        return {
          events: (await titleChanges(db, after, await proposalId(write.code))).filter((title) => title.to?.includes(write.token)).length,
          // a later edit replaces the title; the proposal's versions below show it was there
          inTable: true,
        };
      case "comment": {
        const entityId = write.entity === "proposal" ? await proposalId(write.ref) : Number(write.ref);
        return { events: await count(sql`entity_type = ${write.entity} and entity_id = ${entityId} and action = 'comment' and comment like ${like}`), inTable: true };
      }
      case "submit":
        // counted per proposal below: a submission carries no text of its own
        return { events: 1, inTable: true };
      case "review": {
        const toStatus = write.transition === "approve" ? "approved" : "returned";
        const moved: number[] = [];
        for (const code of write.codes) {
          moved.push(await count(sql`entity_type = 'proposal' and entity_id = ${await proposalId(code)} and action = 'status' and to_status = ${toStatus} and comment like ${like}`));
        }
        // every ticked proposal moved once, or (refused) none did
        const events = moved.every((n) => n === moved[0]) ? (moved[0] ?? 0) : -1;
        // nothing in the soak moves an approved proposal on: each stands approved under the decision
        let approved = true;
        if (write.transition === "approve") {
          for (const code of write.codes) {
            const [row] = await rows<{ status: string; decision_id: number | null }>(db, sql`select status, decision_id from proposals where code = ${code}`);
            approved &&= row?.status === "approved" && row.decision_id === plan.decision.id;
          }
        }
        return { events, inTable: approved };
      }
      case "import":
      case "cli-import": {
        const created = await rows<{ id: number }>(db, sql`select id from proposals where title like ${`Soak import ${write.token} %`}`);
        const events: number[] = [];
        for (const row of created) events.push(await count(sql`entity_type = 'proposal' and entity_id = ${row.id} and action = 'create'`));
        const upload = await rows<{ new_count: number }>(db, sql`select new_count from imports where file_name = ${write.file} and status = 'committed'`);
        const whole = created.length === 0 || (created.length === write.rows && events.every((n) => n === 1) && upload.length === 1 && upload[0]!.new_count === write.rows);
        return { events: whole ? (created.length ? 1 : 0) : -1, inTable: whole };
      }
    }
  };

  const failures = { acknowledged: [] as string[], refused: [] as string[], unanswered: [] as string[] };
  const counted: Record<string, number> = {};
  const inFlight = { present: 0, absent: 0 };
  for (const write of writes) {
    const { events, inTable } = await found(write);
    const name = `${write.kind} ${JSON.stringify({ ...write, actor: undefined, reason: undefined })}`;
    if (write.outcome === "acknowledged") {
      counted[write.kind] = (counted[write.kind] ?? 0) + 1;
      if (events !== 1 || !inTable) failures.acknowledged.push(`${name}: ${events} events${inTable ? "" : ", not in its table"}`);
    } else if (write.outcome === "refused") {
      if (events !== 0 && write.kind !== "submit") failures.refused.push(`${name}: ${events} events`);
    } else if (events !== 0 && events !== 1) {
      failures.unanswered.push(`${name}: ${events} events`);
    } else if (write.kind !== "submit") {
      inFlight[events === 1 ? "present" : "absent"]++;
    }
  }

  // submissions: as many "submitted" events of an officer on a proposal as acknowledged submissions, give or take the unanswered
  for (const [key, group] of groupBy(writes.filter((write) => write.kind === "submit"), (write) => `${write.actor} ${write.code}`)) {
    const [actor, code] = key.split(" ") as [string, string];
    const events = await count(sql`entity_type = 'proposal' and entity_id = ${await proposalId(code)} and action = 'status' and to_status = 'submitted' and actor_id = ${await userId(actor)}`);
    const acknowledged = group.filter((write) => write.outcome === "acknowledged").length;
    const unanswered = group.filter((write) => write.outcome === "unanswered").length;
    if (events < acknowledged || events > acknowledged + unanswered) failures.acknowledged.push(`submit of ${code} by ${actor}: ${acknowledged} acknowledged, ${events} events`);
  }

  // two saves acknowledged from the same version: one overwrote the other unseen
  const edits = writes.filter((write): write is Extract<WriteRecord, { kind: "edit" }> => write.kind === "edit" && write.outcome === "acknowledged");
  const lost = [...groupBy(edits, (write) => `${write.code}@${write.version}`)].filter(([, group]) => group.length > 1).map(([key]) => key);
  // the last acknowledged edit of each proposal is its title now, unless a later change (an unanswered save) replaced it
  const lastTitles: string[] = [];
  for (const [code, group] of groupBy(edits, (write) => write.code)) {
    const last = group.reduce((a, b) => (b.version > a.version ? b : a));
    const [{ title } = { title: "" }] = await rows<{ title: string }>(db, sql`select title from proposals where code = ${code}`);
    const replaced = (await titleChanges(db, after, await proposalId(code))).some((change) => change.from?.includes(last.token));
    if (!title.endsWith(`[${last.token}]`) && !replaced) lastTitles.push(`${code}: "${title}" is not the last save ${last.token}`);
  }

  const total = (kind: string) => `${kind} ${counted[kind] ?? 0}`;
  return [
    {
      name: "every acknowledged write once in its table and once in history",
      ok: failures.acknowledged.length === 0 && lastTitles.length === 0,
      detail: failures.acknowledged.length + lastTitles.length ? [...failures.acknowledged, ...lastTitles].slice(0, SHOWN).join("; ") : WRITE_KINDS.map(total).join(", "),
    },
    { name: "no refused write in the database", ok: failures.refused.length === 0, detail: failures.refused.slice(0, SHOWN).join("; ") || `${writes.filter((w) => w.outcome === "refused").length} refused` },
    { name: "unanswered writes whole or absent", ok: failures.unanswered.length === 0, detail: failures.unanswered.slice(0, SHOWN).join("; ") || `${writes.filter((w) => w.outcome === "unanswered").length} unanswered (${inFlight.present} present, ${inFlight.absent} absent, submissions counted apart)` },
    { name: "no two saves acknowledged from one version", ok: lost.length === 0, detail: lost.slice(0, SHOWN).join("; ") || `${edits.length} saves` },
    await versionsMatchHistory(db, plan),
    await statusesMatchHistory(db, plan),
  ];
}

/**
 * The title changes the proposal's edits since the soak began record, from and to. An event's
 * changes are JSON text ({ field: [before, after] }), read here rather than by either database's
 * JSON functions, which differ.
 */
async function titleChanges(db: Kysely<DB>, after: number, proposalId: number): Promise<{ from?: string; to?: string }[]> {
  const events = await rows<{ changes: string | null }>(db, sql`select changes from events where id > ${after} and entity_type = 'proposal' and entity_id = ${proposalId} and action = 'update'`);
  return events.map((event) => {
    const title = (JSON.parse(event.changes ?? "{}") as { title?: unknown }).title;
    const [from, to] = Array.isArray(title) ? title : [];
    return { from: typeof from === "string" ? from : undefined, to: typeof to === "string" ? to : undefined };
  });
}

/** Each record the soak moved stands where its last move in the history took it. */
async function statusesMatchHistory(db: Kysely<DB>, plan: SoakPlan): Promise<Check> {
  const differing = await rows(
    db,
    sql<Row>`with last as (
       select entity_type, entity_id, to_status from events e
       where e.id = (select max(id) from events m where m.id > ${plan.lastEventId} and m.entity_type = e.entity_type and m.entity_id = e.entity_id and m.action in ('status', 'stage'))
     )
     select 'proposal' as entity, p.code as record, p.status as stored, last.to_status as moved from proposals p join last on last.entity_type = 'proposal' and last.entity_id = p.id where p.status <> last.to_status
     union all
     select 'amendment', cast(a.id as text), a.stage, last.to_status from amendments a join last on last.entity_type = 'amendment' and last.entity_id = a.id where a.stage <> last.to_status`,
  );
  return {
    name: "statuses and stages = their last move in history",
    ok: differing.length === 0,
    detail: differing.slice(0, SHOWN).map((row) => JSON.stringify(row)).join("; ") || "proposals and amendments moved",
  };
}

/** Each changed record rose one version per change in its history: no change without its event, no event without its change. */
async function versionsMatchHistory(db: Kysely<DB>, plan: SoakPlan): Promise<Check> {
  const failures: string[] = [];
  for (const [table, entity, before] of [
    ["proposals", "proposal", plan.versions.proposals],
    ["amendments", "amendment", plan.versions.amendments],
  ] as const) {
    const changed = await rows<{ id: number; version: number; changes: number }>(
      db,
      sql`select r.id, r.version, (select count(*) from events e where e.id > ${plan.lastEventId} and e.entity_type = ${entity} and e.entity_id = r.id and e.action in ('update', 'status', 'stage')) as changes from ${sql.table(table)} r`,
    );
    for (const row of changed) {
      // a record created during the soak started at version 1
      const rise = row.version - (before[row.id] ?? 1);
      if (rise !== Number(row.changes)) failures.push(`${entity} ${row.id}: version +${rise}, ${row.changes} change events`);
    }
  }
  return { name: "versions rose once per change event", ok: failures.length === 0, detail: failures.slice(0, SHOWN).join("; ") || "proposals and amendments" };
}

/**
 * The statuses the app stores although they follow from other rows and today, recomputed here
 * from those rows: implementation progress, stages and register statuses on their effective
 * dates, and the status of documents that amendments in force have amended.
 */
async function derivedStatuses(db: Kysely<DB>): Promise<Check[]> {
  const today = todayIso();
  const show = (rows: Row[], detail: string): Check["detail"] => (rows.length ? `${rows.length} differ: ${rows.slice(0, SHOWN).map((row) => JSON.stringify(row)).join("; ")}` : detail);

  // an approved proposal's progress from the stages of its amendments (cancelled ones need not happen)
  const progress = await rows(
    db,
    sql<Row>`
    with facts as (
      select p.id, p.code, p.status, p.implementation_progress as stored, p.implemented_on,
             case when coalesce(p.no_amendment_reason, '') <> '' then 1 else 0 end as has_reason,
             count(*) filter (where a.stage is not null and a.stage <> 'cancelled') as needed,
             count(*) filter (where a.stage is not null and a.stage not in ('cancelled', 'in_force')) as open,
             count(*) filter (where a.stage is not null and a.stage not in ('cancelled', 'not_started')) as started
      from proposals p
      left join proposal_amendments pa on pa.proposal_id = p.id
      left join amendments a on a.id = pa.amendment_id
      group by p.id
    ), derived as (
      select *, case
        when status <> 'approved' then null
        when needed = 0 then case when has_reason = 1 then 'implemented' else 'needs_amendment' end
        when open = 0 then 'implemented'
        when started > 0 then 'in_progress'
        else 'not_started' end as expected
      from facts
    )
    select code, stored, expected from derived
    where stored is distinct from expected or ((expected = 'implemented') <> (implemented_on is not null))`,
  );

  // an amendment with its amending document recorded is in force once that document's effective date has come
  const stages = await rows(
    db,
    sql<Row>`select a.id, a.stage, d.effective_on from amendments a join legal_documents d on d.id = a.amending_document_id
     where (a.stage = 'promulgated' and d.effective_on <= ${today}) or (a.stage = 'in_force' and (d.effective_on is null or d.effective_on > ${today}))`,
  );

  const documents = await rows(
    db,
    sql<Row>`select id, number, status, effective_on from legal_documents
     where (status = 'not_yet_in_force' and effective_on <= ${today}) or (status = 'in_force' and effective_on > ${today})`,
  );

  // a document an amendment in force has changed: repealed by a repeal, otherwise amended
  const targets = await rows(
    db,
    sql<Row>`
    select id, number, status, expected from (
      select d.id, d.number, d.status,
             case when count(*) filter (where a.form = 'repeal') > 0 then 'repealed' else 'amended' end as expected
      from legal_documents d join amendments a on a.legal_document_id = d.id and a.stage = 'in_force'
      group by d.id
    ) as target
    where status <> expected`,
  );

  const approved = await number(db, sql`select count(*) as n from proposals where status = 'approved'`);
  return [
    { name: "implementation progress = recomputed from amendments", ok: progress.length === 0, detail: show(progress, `${approved} approved proposals`) },
    { name: "stages on their effective dates", ok: stages.length === 0, detail: show(stages, "amendments with an amending document") },
    { name: "register statuses on their effective dates", ok: documents.length === 0, detail: show(documents, "legal documents") },
    { name: "documents amended by amendments in force", ok: targets.length === 0, detail: show(targets, "target documents") },
  ];
}

/** The dashboard's figures of every agency, as the app's read model computes them, against the same figures counted here. */
async function figuresPerAgency(db: Kysely<DB>): Promise<Check> {
  const today = todayIso();
  const agencies = await rows<{ id: number }>(db, sql`select distinct agency_id as id from proposals union select distinct agency_id from amendments`);
  const failures: string[] = [];
  for (const { id } of agencies) {
    const app = (await computeSteeringFigures(db, { agencies: [id] }, today)).total;
    const expected = await independentFigures(db, id, today);
    const actual = JSON.stringify(comparable(app));
    if (actual !== JSON.stringify(expected)) failures.push(`agency ${id}: app ${actual}, recomputed ${JSON.stringify(expected)}`);
  }
  return { name: "dashboard figures per agency = recomputed", ok: failures.length === 0, detail: failures.slice(0, 2).join("; ") || `${agencies.length} agencies` };
}

/** The figures compared: the counts (savings are sums of the same rows). */
function comparable(figures: Figures) {
  const { byStatus, implemented, overdue, needsAmendment } = figures.proposals;
  const statuses = Object.fromEntries(Object.entries(byStatus).filter(([, n]) => n > 0).sort());
  return { statuses, implemented, overdue, needsAmendment, amendments: { ...figures.amendments } };
}

async function independentFigures(db: Kysely<DB>, agencyId: number, today: string): Promise<ReturnType<typeof comparable>> {
  const one = (query: RawBuilder<{ n: number | null }>) => number(db, query);
  const byStatus = await rows<{ status: string; n: number }>(db, sql`select status, count(*) as n from proposals where agency_id = ${agencyId} group by status`);
  // sorted as comparable sorts them: the order of text in SQL is the database's collation's
  const statuses = Object.fromEntries(byStatus.map((row): [string, number] => [row.status, Number(row.n)]).sort());
  const approved = sql`from proposals where agency_id = ${agencyId} and status = 'approved'`;
  // the agency's amendments that approved proposals (of any agency) need
  const needed = sql`from amendments a where a.agency_id = ${agencyId} and a.stage <> 'cancelled'
    and exists (select 1 from proposal_amendments pa join proposals p on p.id = pa.proposal_id where pa.amendment_id = a.id and p.status = 'approved')`;
  return {
    statuses,
    implemented: await one(sql`select count(*) as n ${approved} and implementation_progress = 'implemented'`),
    overdue: await one(sql`select count(*) as n ${approved} and implementation_progress in ('not_started', 'in_progress') and due_on < ${today}`),
    needsAmendment: await one(sql`select count(*) as n ${approved} and implementation_progress = 'needs_amendment'`),
    amendments: {
      documents: await one(sql`select count(distinct a.legal_document_id) as n ${needed}`),
      documentsAmended: await one(
        sql`select count(*) as n from (select a.legal_document_id ${needed} group by a.legal_document_id having count(*) filter (where a.stage <> 'in_force') = 0) as amended`,
      ),
      amendments: await one(sql`select count(*) as n ${needed}`),
      promulgated: await one(sql`select count(*) as n ${needed} and a.stage in ('promulgated', 'in_force')`),
      inForce: await one(sql`select count(*) as n ${needed} and a.stage = 'in_force'`),
      overdue: await one(sql`select count(*) as n ${needed} and a.deadline < ${today} and a.stage not in ('in_force', 'cancelled')`),
    },
  };
}

function groupBy<T>(values: T[], key: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const group = groups.get(key(value));
    if (group) group.push(value);
    else groups.set(key(value), [value]);
  }
  return groups;
}
