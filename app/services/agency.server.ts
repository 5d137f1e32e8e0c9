import type { SessionUser } from "~/auth/session.server";
import { inTransaction, type Executor } from "~/db.server";
import { can } from "~/domain/permissions";
import { forbidden, notFound } from "~/http.server";
import { getAgency, setAgencyNames } from "~/models/agency.server";
import { diffFields, recordEvent } from "~/models/event.server";
import type { AgencyNamesInput } from "~/schemas/agency";
import { StaleVersionError } from "./errors";

type Actor = Pick<SessionUser, "id" | "role" | "agency_id">;

/** Renames an agency, with an "update" event holding the names before and after. */
export function updateAgencyNames(
  executor: Executor,
  actor: Actor,
  id: number,
  input: AgencyNamesInput,
  expectedVersion?: number,
): Promise<void> {
  if (!can(actor, "agency:update")) forbidden();
  return inTransaction(executor, async (db) => {
    const before = await getAgency(db, id);
    if (!before) notFound();
    if (expectedVersion !== undefined && expectedVersion !== before.version) throw new StaleVersionError(before.version);
    const names = { name_vi: input.name_vi, name_en: input.name_en };
    const changes = diffFields(before, names);
    if (Object.keys(changes).length === 0) return;
    if (!(await setAgencyNames(db, id, names, before.version))) throw new StaleVersionError(before.version);
    await recordEvent(db, { actorId: actor.id, entityType: "agency", entityId: id, agencyId: id, action: "update", changes });
  });
}
