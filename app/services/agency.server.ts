import { inTransaction, type Executor } from "~/db.server";
import { can, type Actor } from "~/domain/permissions";
import { getAgency, setAgencyNames } from "~/models/agency.server";
import { diffFields, recordEvent } from "~/models/event.server";
import type { AgencyNamesInput } from "~/schemas/agency";
import { ForbiddenError, NotFoundError, StaleVersionError, checkVersion } from "~/domain/errors";

/** Renames an agency, with an "update" event holding the names before and after. */
export function updateAgencyNames(
  executor: Executor,
  actor: Actor,
  id: number,
  input: AgencyNamesInput,
  expectedVersion?: number,
): Promise<void> {
  if (!can(actor, "agency:update")) throw new ForbiddenError();
  return inTransaction(executor, async (db) => {
    const before = await getAgency(db, id);
    if (!before) throw new NotFoundError("agency");
    checkVersion(expectedVersion, before.version);
    const names = { name_vi: input.name_vi, name_en: input.name_en };
    const changes = diffFields(before, names);
    if (Object.keys(changes).length === 0) return;
    if (!(await setAgencyNames(db, id, names, before.version))) throw new StaleVersionError(expectedVersion, before.version);
    await recordEvent(db, { actorId: actor.id, entityType: "agency", entityId: id, agencyId: id, action: "update", changes });
  });
}
