import { z } from "zod";

// A step that cannot be undone (withdrawing or rejecting a proposal, cancelling an amendment,
// unlinking a proposal, deactivating a user, discarding an upload) is confirmed by a tick in its
// own form: the same schema refuses the form in the browser and in the action without it, so the
// confirmation holds before JavaScript loads and for any client that posts.

/** The name of the tick (ConfirmField in app/components/forms/schema-form.tsx). */
export const CONFIRMED = "confirmed";

/**
 * `schema`, and the tick when `needed` says the values ask for a step that cannot be undone (by
 * default always). A checkbox posts "1" when ticked; react-hook-form gives false when not.
 */
export function confirmed<S extends z.ZodType<object>>(schema: S, needed: (values: Record<string, unknown>) => boolean = () => true) {
  return z
    .intersection(schema, z.object({ [CONFIRMED]: z.unknown().optional() }))
    .superRefine((values: Record<string, unknown>, ctx) => {
      if (needed(values) && values[CONFIRMED] !== "1") ctx.addIssue({ code: "custom", path: [CONFIRMED], message: "errors.confirm" });
    });
}

/** A form that is nothing but the confirmation of its step (deactivating a user, discarding an upload). */
export const ConfirmationSchema = confirmed(z.object({}));
