import { z } from "zod";

// The upload form, checked in the browser on the chosen file and on the server on the received
// one: a file is there and within the size limit. What is inside it, the import checks.

export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 50_000;

export const ImportUploadSchema = z.object({
  name: z.string().min(1, "imports.errors.file_required"),
  size: z
    .number()
    .min(1, "imports.errors.file_required")
    .max(IMPORT_MAX_BYTES, `imports.errors.too_large|max=${IMPORT_MAX_BYTES / 1024 / 1024}`),
});

/** The form's file entry as the schema sees it (a missing or empty file has no name). */
export function uploadedFile(entry: { name: string; size: number } | string | null | undefined): { name: string; size: number } {
  return entry && typeof entry !== "string" ? { name: entry.name, size: entry.size } : { name: "", size: 0 };
}
