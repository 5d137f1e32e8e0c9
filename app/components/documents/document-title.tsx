import { useFormat } from "~/components/ui/format";
import { RecordText } from "~/components/ui/record-text";

/**
 * A legal document's title; while it is unknown (a document registered from a number typed in
 * another form), a note that it is still to be completed, in the reader's language. A title is
 * data, written in Vietnamese whatever the page's language.
 */
export function DocumentTitle({ title }: { title: string | null }) {
  const { t } = useFormat();
  return title === null ? <span className="text-amber-900 italic">{t("document.untitled")}</span> : <RecordText>{title}</RecordText>;
}
