import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/session.server";
import type { Suggestion } from "~/components/forms/suggestions";
import { db } from "~/db.server";
import { page } from "~/http.server";
import { translator } from "~/i18n";
import { getLocale } from "~/locale.server";
import { query } from "~/schemas/list-params";
import { suggestDocumentNumbers } from "~/services/document-pages.server";

// Register entries whose number starts with what is typed in a number field, however typed, for
// its list of suggestions (app/components/forms/suggestions.tsx). Read like the documents list.

/** Titles are cut here: a suggestion is one line. */
const LABEL_LENGTH = 120;

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "record:read");
  const documents = await suggestDocumentNumbers(db(), user, query.parse(new URL(request.url).searchParams.get("q") ?? undefined) ?? "");
  const t = translator(getLocale(request));
  const suggestions: Suggestion[] = documents.map((document) => {
    const title = document.title ?? t("document.untitled");
    return { value: document.number, label: title.length > LABEL_LENGTH ? `${title.slice(0, LABEL_LENGTH - 1)}…` : title };
  });
  return Response.json(suggestions, { headers: { "Cache-Control": "private, no-store" } });
});
