import { z } from "zod";
import { requiredDate, requiredText } from "./fields";

/** A meeting snapshot: the meeting's title ("Phiên họp thứ tư") and the day it was held (dd/mm/yyyy). */
export const SnapshotSchema = z.object({
  title: requiredText(200),
  held_on: requiredDate,
});

export type SnapshotInput = z.output<typeof SnapshotSchema>;
