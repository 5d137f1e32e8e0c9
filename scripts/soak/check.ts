import Database from "better-sqlite3";
import { openDatabase } from "../../app/db.server";
import { todayIso } from "../../app/domain/dates";
import type { Figures } from "../../app/domain/figures";
import { computeSteeringFigures } from "../../app/models/figures.server";
import { searchIndexesConsistent } from "../../app/models/search.server";
import { WRITE_KINDS, type RequestRecord, type SoakLog, type WriteRecord } from "./load";
import type { SoakPlan } from "./plan";

// What a soak must leave behind, checked on its database once the server has stopped. This is a
// test oracle, not app code: the SQL below is written independently of app/models and reads the
// raw rows, so that where it recomputes something the app derives (implementation progress, the
// dashboard's figures, stages and statuses on their effective dates) the two can disagree.

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
  databasePath: string,
  plan: SoakPlan,
  log: SoakLog,
  options: { expectEveryKind?: boolean; killed?: boolean } = {},
): Promise<Check[]> {
  const checks: Check[] = [];
  const check = (name: string, failures: string[], detail = "") =>
    checks.push({ name, ok: failures.length === 0, detail: failures.length ? `${failures.length} failed: ${failures.slice(0, SHOWN).join("; ")}` : detail });

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

  const sqlite = new Database(databasePath, { readonly: true });
  try {
    checks.push(...writesOnce(sqlite, plan, log.writes));
    checks.push(...derivedStatuses(sqlite));
    checks.push(await figuresPerAgency(sqlite, databasePath));
    const integrity = (sqlite.pragma("integrity_check") as { integrity_check: string }[]).map((row) => row.integrity_check).join("; ");
    check("PRAGMA integrity_check", integrity === "ok" ? [] : [integrity], "ok");
  } finally {
    sqlite.close();
  }
  const db = openDatabase(databasePath);
  try {
    check("full-text indexes match their tables", (await searchIndexesConsistent(db)) ? [] : ["FTS5 integrity-check failed"], "ok");
  } finally {
    await db.destroy();
  }
  return checks;
}

type Row = Record<string, unknown>;

/**
 * Every acknowledged write is in the database exactly once, in its table and in the history;
 * a refused one nowhere; an unanswered one (in flight when the server died) at most once, whole.
 */
function writesOnce(sqlite: Database.Database, plan: SoakPlan, writes: WriteRecord[]): Check[] {
  const after = plan.lastEventId;
  const count = (query: string, ...params: unknown[]) => (sqlite.prepare(query).get(after, ...params) as { n: number }).n;
  const proposalId = (code: string) => (sqlite.prepare("select id from proposals where code = ?").get(code) as { id: number } | undefined)?.id ?? -1;
  const userId = (email: string) => (sqlite.prepare("select id from users where email = ?").get(email) as { id: number }).id;

  /** How many times the write is in the history, and whether its table holds it. */
  const found = (write: WriteRecord): { events: number; inTable: boolean } => {
    const like = `%${"token" in write ? write.token : ""}%`;
    switch (write.kind) {
      case "stage":
        return {
          events: count("select count(*) as n from events where id > ? and entity_type = 'amendment' and entity_id = ? and action = 'stage' and to_status = ? and comment like ?", write.amendmentId, write.stage, like),
          inTable: true,
        };
      case "edit":
        return {
          events: count("select count(*) as n from events where id > ? and entity_type = 'proposal' and entity_id = ? and action = 'update' and json_extract(changes, '$.title[1]') like ?", proposalId(write.code), like),
          // a later edit replaces the title; the proposal's versions below show it was there
          inTable: true,
        };
      case "comment":
        return {
          events: count(
            "select count(*) as n from events where id > ? and entity_type = ? and entity_id = ? and action = 'comment' and comment like ?",
            write.entity,
            write.entity === "proposal" ? proposalId(write.ref) : Number(write.ref),
            like,
          ),
          inTable: true,
        };
      case "submit":
        // counted per proposal below: a submission carries no text of its own
        return { events: 1, inTable: true };
      case "review": {
        const moved = write.codes.map((code) =>
          count("select count(*) as n from events where id > ? and entity_type = 'proposal' and entity_id = ? and action = 'status' and to_status = ? and comment like ?", proposalId(code), write.transition === "approve" ? "approved" : "returned", like),
        );
        // every ticked proposal moved once, or (refused) none did
        const events = moved.every((n) => n === moved[0]) ? (moved[0] ?? 0) : -1;
        // nothing in the soak moves an approved proposal on: each stands approved under the decision
        const approved =
          write.transition !== "approve" ||
          write.codes.every((code) => {
            const row = sqlite.prepare("select status, decision_id from proposals where code = ?").get(code) as Row | undefined;
            return row?.status === "approved" && row.decision_id === plan.decision.id;
          });
        return { events, inTable: approved };
      }
      case "import":
      case "cli-import": {
        const created = sqlite.prepare("select id from proposals where title like ?").all(`Soak import ${write.token} %`) as { id: number }[];
        const events = created.map((row) => count("select count(*) as n from events where id > ? and entity_type = 'proposal' and entity_id = ? and action = 'create'", row.id));
        const upload = sqlite.prepare("select status, new_count from imports where file_name = ? and status = 'committed'").all(write.file) as Row[];
        const whole = created.length === 0 || (created.length === write.rows && events.every((n) => n === 1) && upload.length === 1 && upload[0]!.new_count === write.rows);
        return { events: whole ? (created.length ? 1 : 0) : -1, inTable: whole };
      }
    }
  };

  const failures = { acknowledged: [] as string[], refused: [] as string[], unanswered: [] as string[] };
  const counted: Record<string, number> = {};
  const inFlight = { present: 0, absent: 0 };
  for (const write of writes) {
    const { events, inTable } = found(write);
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
    const events = count("select count(*) as n from events where id > ? and entity_type = 'proposal' and entity_id = ? and action = 'status' and to_status = 'submitted' and actor_id = ?", proposalId(code), userId(actor));
    const acknowledged = group.filter((write) => write.outcome === "acknowledged").length;
    const unanswered = group.filter((write) => write.outcome === "unanswered").length;
    if (events < acknowledged || events > acknowledged + unanswered) failures.acknowledged.push(`submit of ${code} by ${actor}: ${acknowledged} acknowledged, ${events} events`);
  }

  // two saves acknowledged from the same version: one overwrote the other unseen
  const edits = writes.filter((write): write is Extract<WriteRecord, { kind: "edit" }> => write.kind === "edit" && write.outcome === "acknowledged");
  const lost = [...groupBy(edits, (write) => `${write.code}@${write.version}`)].filter(([, group]) => group.length > 1).map(([key]) => key);
  // the last acknowledged edit of each proposal is its title now, unless an unanswered one came after it
  const lastTitles = [...groupBy(edits, (write) => write.code)].flatMap(([code, group]) => {
    const last = group.reduce((a, b) => (b.version > a.version ? b : a));
    const title = (sqlite.prepare("select title from proposals where code = ?").get(code) as { title: string }).title;
    return title.endsWith(`[${last.token}]`) || replaced(sqlite, after, proposalId(code), last.token) ? [] : [`${code}: "${title}" is not the last save ${last.token}`];
  });

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
    versionsMatchHistory(sqlite, plan),
    statusesMatchHistory(sqlite, plan),
  ];
}

/** Each record the soak moved stands where its last move in the history took it. */
function statusesMatchHistory(sqlite: Database.Database, plan: SoakPlan): Check {
  const differing = sqlite
    .prepare(
      `with last as (
         select entity_type, entity_id, to_status from events e
         where e.id = (select max(id) from events m where m.id > ? and m.entity_type = e.entity_type and m.entity_id = e.entity_id and m.action in ('status', 'stage'))
       )
       select 'proposal' as entity, p.code as record, p.status as stored, last.to_status as moved from proposals p join last on last.entity_type = 'proposal' and last.entity_id = p.id where p.status <> last.to_status
       union all
       select 'amendment', a.id, a.stage, last.to_status from amendments a join last on last.entity_type = 'amendment' and last.entity_id = a.id where a.stage <> last.to_status`,
    )
    .all(plan.lastEventId) as Row[];
  return {
    name: "statuses and stages = their last move in history",
    ok: differing.length === 0,
    detail: differing.slice(0, SHOWN).map((row) => JSON.stringify(row)).join("; ") || "proposals and amendments moved",
  };
}

/** Whether a later change replaced the title `token` saved (a save in flight when the server died, an import). */
function replaced(sqlite: Database.Database, after: number, proposalId: number, token: string): boolean {
  const events = sqlite
    .prepare("select json_extract(changes, '$.title[0]') as before from events where id > ? and entity_type = 'proposal' and entity_id = ? and action = 'update'")
    .all(after, proposalId) as { before: string | null }[];
  return events.some((event) => event.before?.includes(token));
}

/** Each changed record rose one version per change in its history: no change without its event, no event without its change. */
function versionsMatchHistory(sqlite: Database.Database, plan: SoakPlan): Check {
  const failures: string[] = [];
  for (const [table, entity, before] of [
    ["proposals", "proposal", plan.versions.proposals],
    ["amendments", "amendment", plan.versions.amendments],
  ] as const) {
    const rows = sqlite
      .prepare(
        `select r.id, r.version, (select count(*) from events e where e.id > ? and e.entity_type = ? and e.entity_id = r.id and e.action in ('update', 'status', 'stage')) as changes from ${table} r`,
      )
      .all(plan.lastEventId, entity) as { id: number; version: number; changes: number }[];
    for (const row of rows) {
      // a record created during the soak started at version 1
      const rise = row.version - (before[row.id] ?? 1);
      if (rise !== row.changes) failures.push(`${entity} ${row.id}: version +${rise}, ${row.changes} change events`);
    }
  }
  return { name: "versions rose once per change event", ok: failures.length === 0, detail: failures.slice(0, SHOWN).join("; ") || "proposals and amendments" };
}

/**
 * The statuses the app stores although they follow from other rows and today, recomputed here
 * from those rows: implementation progress, stages and register statuses on their effective
 * dates, and the status of documents that amendments in force have amended.
 */
function derivedStatuses(sqlite: Database.Database): Check[] {
  const today = todayIso();
  const mismatches = (query: string, ...params: unknown[]) => sqlite.prepare(query).all(...params) as Row[];
  const show = (rows: Row[], detail: string): Check["detail"] => (rows.length ? `${rows.length} differ: ${rows.slice(0, SHOWN).map((row) => JSON.stringify(row)).join("; ")}` : detail);

  // an approved proposal's progress from the stages of its amendments (cancelled ones need not happen)
  const progress = mismatches(`
    with facts as (
      select p.id, p.code, p.status, p.implementation_progress as stored, p.implemented_on,
             coalesce(p.no_amendment_reason, '') <> '' as has_reason,
             sum(a.stage is not null and a.stage <> 'cancelled') as needed,
             sum(a.stage is not null and a.stage not in ('cancelled', 'in_force')) as open,
             sum(a.stage is not null and a.stage not in ('cancelled', 'not_started')) as started
      from proposals p
      left join proposal_amendments pa on pa.proposal_id = p.id
      left join amendments a on a.id = pa.amendment_id
      group by p.id
    ), derived as (
      select *, case
        when status <> 'approved' then null
        when needed = 0 then case when has_reason then 'implemented' else 'needs_amendment' end
        when open = 0 then 'implemented'
        when started > 0 then 'in_progress'
        else 'not_started' end as expected
      from facts
    )
    select code, stored, expected from derived
    where stored is not expected or ((expected = 'implemented') <> (implemented_on is not null))`);

  // an amendment with its amending document recorded is in force once that document's effective date has come
  const stages = mismatches(
    `select a.id, a.stage, d.effective_on from amendments a join legal_documents d on d.id = a.amending_document_id
     where (a.stage = 'promulgated' and d.effective_on <= ?) or (a.stage = 'in_force' and (d.effective_on is null or d.effective_on > ?))`,
    today,
    today,
  );

  const documents = mismatches(
    `select id, number, status, effective_on from legal_documents
     where (status = 'not_yet_in_force' and effective_on <= ?) or (status = 'in_force' and effective_on > ?)`,
    today,
    today,
  );

  // a document an amendment in force has changed: repealed by a repeal, otherwise amended
  const targets = mismatches(`
    select d.id, d.number, d.status,
           case when sum(a.form = 'repeal') > 0 then 'repealed' else 'amended' end as expected
    from legal_documents d join amendments a on a.legal_document_id = d.id and a.stage = 'in_force'
    group by d.id having d.status <> expected`);

  return [
    { name: "implementation progress = recomputed from amendments", ok: progress.length === 0, detail: show(progress, `${(sqlite.prepare("select count(*) as n from proposals where status = 'approved'").get() as Row).n} approved proposals`) },
    { name: "stages on their effective dates", ok: stages.length === 0, detail: show(stages, "amendments with an amending document") },
    { name: "register statuses on their effective dates", ok: documents.length === 0, detail: show(documents, "legal documents") },
    { name: "documents amended by amendments in force", ok: targets.length === 0, detail: show(targets, "target documents") },
  ];
}

/** The dashboard's figures of every agency, as the app's read model computes them, against the same figures counted here. */
async function figuresPerAgency(sqlite: Database.Database, databasePath: string): Promise<Check> {
  const today = todayIso();
  const agencies = sqlite.prepare("select distinct agency_id as id from proposals union select distinct agency_id from amendments").all() as { id: number }[];
  const db = openDatabase(databasePath);
  const failures: string[] = [];
  try {
    for (const { id } of agencies) {
      const app = (await computeSteeringFigures(db, { agencies: [id] }, today)).total;
      const expected = independentFigures(sqlite, id, today);
      const actual = JSON.stringify(comparable(app));
      if (actual !== JSON.stringify(expected)) failures.push(`agency ${id}: app ${actual}, recomputed ${JSON.stringify(expected)}`);
    }
  } finally {
    await db.destroy();
  }
  return { name: "dashboard figures per agency = recomputed", ok: failures.length === 0, detail: failures.slice(0, 2).join("; ") || `${agencies.length} agencies` };
}

/** The figures compared: the counts (savings are sums of the same rows). */
function comparable(figures: Figures) {
  const { byStatus, implemented, overdue, needsAmendment } = figures.proposals;
  const statuses = Object.fromEntries(Object.entries(byStatus).filter(([, n]) => n > 0).sort());
  return { statuses, implemented, overdue, needsAmendment, amendments: { ...figures.amendments } };
}

function independentFigures(sqlite: Database.Database, agencyId: number, today: string): ReturnType<typeof comparable> {
  const one = (query: string, ...params: unknown[]) => Number((sqlite.prepare(query).get(...params) as { n: number | null }).n ?? 0);
  const statuses = Object.fromEntries(
    (sqlite.prepare("select status, count(*) as n from proposals where agency_id = ? group by status order by status").all(agencyId) as { status: string; n: number }[]).map((row) => [row.status, row.n]),
  );
  const approved = "from proposals where agency_id = ? and status = 'approved'";
  // the agency's amendments that approved proposals (of any agency) need
  const needed = `from amendments a where a.agency_id = ? and a.stage <> 'cancelled'
    and exists (select 1 from proposal_amendments pa join proposals p on p.id = pa.proposal_id where pa.amendment_id = a.id and p.status = 'approved')`;
  return {
    statuses,
    implemented: one(`select count(*) as n ${approved} and implementation_progress = 'implemented'`, agencyId),
    overdue: one(`select count(*) as n ${approved} and implementation_progress in ('not_started', 'in_progress') and due_on < ?`, agencyId, today),
    needsAmendment: one(`select count(*) as n ${approved} and implementation_progress = 'needs_amendment'`, agencyId),
    amendments: {
      documents: one(`select count(distinct a.legal_document_id) as n ${needed}`, agencyId),
      documentsAmended: one(`select count(*) as n from (select a.legal_document_id ${needed} group by a.legal_document_id having sum(a.stage <> 'in_force') = 0)`, agencyId),
      amendments: one(`select count(*) as n ${needed}`, agencyId),
      promulgated: one(`select count(*) as n ${needed} and a.stage in ('promulgated', 'in_force')`, agencyId),
      inForce: one(`select count(*) as n ${needed} and a.stage = 'in_force'`, agencyId),
      overdue: one(`select count(*) as n ${needed} and a.deadline < ? and a.stage not in ('in_force', 'cancelled')`, agencyId, today),
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
