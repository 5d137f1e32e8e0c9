import type { Actor } from "./permissions";

// Who may do what with an upload (the imports table), beside "proposal:create" that importing
// needs at all: an upload is its uploader's; an admin may read everyone's but, like anyone else,
// neither confirms nor discards another's.

export interface UploadOwnership {
  actor_id: number;
}

/** Whether the actor may read an upload and its report. */
export function canSeeImport(actor: Actor, upload: UploadOwnership): boolean {
  return upload.actor_id === actor.id || canSeeEveryImport(actor);
}

/** Whether the list of recent imports shows everyone's, not only the actor's own. */
export function canSeeEveryImport(actor: Actor): boolean {
  return actor.role === "admin";
}

/** Whether the actor may confirm or discard an upload: its uploader only. */
export function canSettleImport(actor: Actor, upload: UploadOwnership): boolean {
  return upload.actor_id === actor.id;
}

/** What the actor may do with an upload now: confirm it (commit) or discard it, while it awaits confirmation. */
export function importAllowed(actor: Actor, upload: UploadOwnership & { status: string }): { commit: boolean; discard: boolean } {
  const open = upload.status === "staged" && canSettleImport(actor, upload);
  return { commit: open, discard: open };
}
