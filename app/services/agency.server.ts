import { inTransaction, type Executor } from "~/db.server";
import { ForbiddenError, NotFoundError, StaleVersionError, checkVersion, found } from "~/domain/errors";
import { can, type Actor } from "~/domain/permissions";
import { getAgency, getAgencyByCode } from "~/models/agency.server";
import { diffFields } from "~/models/event.server";
import { updateVersioned } from "~/models/versioned.server";
import type { AgencyNamesInput } from "~/schemas/agency";

/**
 * Renames an agency, with an "update" event holding the names before and after. A rename made
 * against an older version is refused with the names stored now.
 */
export function updateAgencyNames(
  executor: Executor,
  actor: Actor,
  id: number,
  input: AgencyNamesInput,
  expectedVersion?: number,
): Promise<void> {
  if (!can(actor, "agency:update")) throw new ForbiddenError("agency:update");
  return inTransaction(executor, async (db) => {
    const before = await getAgency(db, id);
    if (!before) throw new NotFoundError("agency", id);
    const stored = () => ({ name_vi: before.name_vi, name_en: before.name_en });
    checkVersion(expectedVersion, before.version, stored);
    const names = { name_vi: input.name_vi, name_en: input.name_en };
    const changes = diffFields(before, names);
    if (Object.keys(changes).length === 0) return;
    const event = { actorId: actor.id, entityType: "agency" as const, entityId: id, agencyId: id, action: "update", changes };
    if (!(await updateVersioned(db, "agencies", before, names, event))) throw new StaleVersionError(expectedVersion, before.version, stored());
  });
}

/** The agency page's rename: the agency by its code, and the version its form was opened at. */
export async function renameAgency(
  executor: Executor,
  actor: Actor,
  code: string,
  input: AgencyNamesInput & { version?: number },
): Promise<void> {
  if (!can(actor, "agency:update")) throw new ForbiddenError("agency:update");
  const agency = found(await getAgencyByCode(executor, code), "agency", code);
  await updateAgencyNames(executor, actor, agency.id, input, input.version);
}
