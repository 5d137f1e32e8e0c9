import { z } from "zod";
import { InvalidError } from "~/domain/errors";

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

/**
 * The posted file as the import reads it, once the schema accepts it (checked before its bytes
 * are read); otherwise an InvalidError with the message on the "file" field.
 */
export async function uploadInput(entry: File | string | null | undefined): Promise<{ name: string; bytes: Uint8Array }> {
  const parsed = ImportUploadSchema.safeParse(uploadedFile(entry));
  if (!parsed.success || !entry || typeof entry === "string") {
    throw new InvalidError({ file: parsed.success ? "imports.errors.file_required" : (parsed.error.issues[0]?.message ?? "imports.errors.file_required") });
  }
  return { name: entry.name, bytes: new Uint8Array(await entry.arrayBuffer()) };
}
