import { useFormat } from "~/components/ui/format";
import { RecordText } from "~/components/ui/record-text";

/**
 * A decision's title in the reader's language. Without a translation an English reader sees
 * the Vietnamese title, marked as Vietnamese so screen readers pronounce it right.
 */
export function DecisionTitle({ decision }: { decision: { title_vi: string; title_en: string | null } }) {
  const { locale } = useFormat();
  if (locale === "en" && decision.title_en) return <>{decision.title_en}</>;
  return locale === "vi" ? <>{decision.title_vi}</> : <RecordText>{decision.title_vi}</RecordText>;
}
