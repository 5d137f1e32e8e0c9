import { currentDay } from "~/clock.server";
import { inTransaction, type Executor } from "~/db.server";
import { documentStatusOnDate, stageOnEffectiveDate, targetDocumentStatus } from "~/domain/amendment";
import { msUntilVietnamMidnight } from "~/domain/dates";
import { StaleVersionError } from "~/domain/errors";
import type { Actor } from "~/domain/permissions";
import type { DocumentStatus } from "~/domain/vocabulary";
import { listAmendmentsOffTheirDate, listInForceForms } from "~/models/amendment.server";
import { diffFields } from "~/models/event.server";
import { getDocumentRow, listDocumentsOffTheirDate } from "~/models/legal-document.server";
import { updateVersioned } from "~/models/versioned.server";
import { listProposalIdsOfAmendment } from "~/models/proposal.server";
import { refreshImplementation } from "./implementation.server";
import { EFFECTIVE_DATES_JOB } from "./jobs/kinds.server";
import { queueJob } from "./jobs/queue.server";

// What register documents and amendments take from each other and from the calendar: an
// amending document's dates, a target's status once an amendment of it is in force, and the
// move to "in force" on the effective date, which no one has to make by hand.

/** Who records a fact: a user, or null for the system (history shows "System"). */
type Recorder = Pick<Actor, "id"> | null;

/** What a document learns from an amendment's progress rather than from its own form. */
export type DocumentFacts = { issued_on?: string | null; effective_on?: string | null; status?: DocumentStatus };

/**
 * Records facts a document takes from another record (an amending document's dates, a target's
 * status once an amendment of it is in force), in the caller's transaction: one "update" event
 * with before/after values, nothing when nothing changes. The version moves on, so an edit
 * form opened before cannot silently put the old values back.
 */
export async function updateDocumentFacts(
  db: Executor,
  recorder: Recorder,
  id: number,
  facts: DocumentFacts,
  comment: string | null = null,
): Promise<void> {
  const before = await getDocumentRow(db, id);
  if (!before) throw new Error(`No legal document ${id}`);
  const changes = diffFields(before, facts);
  if (Object.keys(changes).length === 0) return;
  const saved = await updateVersioned(db, "legal_documents", before, facts, {
    actorId: recorder?.id ?? null,
    entityType: "legal_document",
    entityId: id,
    agencyId: before.lead_agency_id,
    action: "update",
    changes,
    comment,
  });
  // read in this transaction, so no other write can come between
  if (!saved) throw new StaleVersionError(before.version, before.version + 1);
}

/** The target document's status from its amendments in force, after one entered or left that stage. */
export async function refreshTargetStatus(db: Executor, recorder: Recorder, documentId: number, why: string | null): Promise<void> {
  const inForce = await listInForceForms(db, documentId);
  await updateDocumentFacts(db, recorder, documentId, { status: targetDocumentStatus(inForce) }, why);
}

/**
 * Makes stages and statuses say what `today` (Vietnam) makes true: a promulgated amendment whose
 * amending document's effective date has come is in force; an in-force one whose date lies ahead
 * (a corrected date, or data from before this rule) is promulgated again; register documents turn
 * in force, or back to not yet in force, likewise. Each move is the system's, with its history
 * event, the target document's status and the proposals' implementation progress refreshed in
 * the same transaction. Idempotent. `documentId` limits it to that document and the amendments it
 * carries out, after a save changed its dates.
 */
export function applyEffectiveDates(executor: Executor, today: string, documentId?: number): Promise<{ amendments: number; documents: number }> {
  // a second process running the job waits for the write lock inTransaction takes, then finds nothing left to do
  return inTransaction(executor, async (db) => {
    const moving = await listAmendmentsOffTheirDate(db, today, documentId);
    for (const amendment of moving) {
      const stage = stageOnEffectiveDate(amendment.effective_on, today);
      const moved = await updateVersioned(db, "amendments", amendment, { stage }, {
        actorId: null,
        entityType: "amendment",
        entityId: amendment.id,
        agencyId: amendment.agency_id,
        action: "stage",
        fromStatus: amendment.stage,
        toStatus: stage,
        comment: amendment.number,
      });
      if (!moved) throw new StaleVersionError(amendment.version, amendment.version + 1);
      await refreshTargetStatus(db, null, amendment.legal_document_id, amendment.number);
      await refreshImplementation(db, await listProposalIdsOfAmendment(db, amendment.id));
    }

    const turning = await listDocumentsOffTheirDate(db, today, documentId);
    for (const document of turning) {
      await updateDocumentFacts(db, null, document.id, { status: documentStatusOnDate(document.status, document.effective_on, today) });
    }
    return { amendments: moving.length, documents: turning.length };
  });
}

/** Queues the day's run of the effective dates, once for every server: its key is the day. */
export function queueEffectiveDates(db: Executor, day: string): Promise<number> {
  return queueJob(db, { kind: EFFECTIVE_DATES_JOB, key: `${EFFECTIVE_DATES_JOB}:${day}`, payload: { day } });
}

/**
 * Keeps applyEffectiveDates current: `ensureToday()` runs it unless it already ran for today
 * (a string compare), and callers at the turn of a day share one run, so no request sees
 * yesterday's truth; `start()` also has it run at each Vietnam midnight, for readers that are not
 * requests (exports by script, other processes): every server's timer queues the day's job, one
 * job for all of them, and whichever server's runner takes it runs its ensureToday (the job's
 * handler, app/services/jobs/kinds.server.ts). `clock` is currentDay unless a test passes one.
 */
export function effectiveDatesKeeper(db: Executor, clock: () => string = () => currentDay()) {
  let doneFor: string | null = null;
  let running: Promise<void> | null = null;
  async function ensureToday(): Promise<void> {
    while (doneFor !== clock()) {
      if (!running) {
        const day = clock();
        running = applyEffectiveDates(db, day)
          .then(() => {
            doneFor = day;
          })
          .finally(() => {
            running = null;
          });
      }
      await running;
    }
  }
  let timer: NodeJS.Timeout | undefined;
  function start(onError: (error: unknown) => void): void {
    // a second past midnight, so that the clock already reads the new day
    timer = setTimeout(() => {
      queueEffectiveDates(db, clock()).catch(onError);
      start(onError);
    }, msUntilVietnamMidnight() + 1000);
    timer.unref();
  }
  return { ensureToday, start, stop: () => clearTimeout(timer) };
}
