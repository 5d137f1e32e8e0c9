import { useFormat } from "~/components/ui/format";

/** A warning, never a refusal: the year in a document's number is not the year it was issued (numberYearMismatch). */
export function YearMismatchNote({ number, numberYear, issuedYear }: { number: string; numberYear: number; issuedYear: number }) {
  const { t } = useFormat();
  return (
    <p role="note" className="mt-1 rounded border border-amber-500 bg-amber-50 p-2 text-sm text-amber-950" data-warning="year-mismatch">
      {t("document.yearMismatch", { number, numberYear, issuedYear })}
    </p>
  );
}
