import { Link } from "~/components/ui/link";
import { useFormat } from "~/components/ui/format";
import { DataTable } from "~/components/ui/list";
import type { AmendmentForm, AmendmentStage } from "~/domain/vocabulary";

export interface DocumentAmendmentView {
  id: number;
  provisions: string | null;
  form: AmendmentForm;
  stage: AmendmentStage;
  deadline: string | null;
  agency_code: string;
  target_id: number;
  target_number: string;
  amending_id: number | null;
  amending_number: string | null;
  amending_effective_on: string | null;
}

/**
 * Amendments seen from one document. For those that change it ("target"), the other document
 * is the amending one; for those it carries out ("amending"), the other is the one it changes.
 */
export function DocumentAmendments({ amendments, side }: { amendments: DocumentAmendmentView[]; side: "target" | "amending" }) {
  const { t, date, stage } = useFormat();
  return (
    <DataTable
      className="mt-2"
      columns={[
        t("amendment.title"),
        side === "target" ? t("amendment.fields.amendingDocument") : t("amendment.fields.document"),
        t("amendment.fields.provisions"),
        t("amendment.fields.form"),
        t("amendment.fields.agency"),
        t("amendment.fields.stage"),
        t("amendment.fields.deadline"),
      ]}
    >
      {amendments.map((amendment) => {
        const other =
          side === "target"
            ? { id: amendment.amending_id, number: amendment.amending_number }
            : { id: amendment.target_id, number: amendment.target_number };
        return (
          <tr key={amendment.id} className="border-t border-slate-200 align-top">
            <td className="p-2 whitespace-nowrap">
              <Link to={`/amendments/${amendment.id}`}>{t("document.amendmentLink", { id: amendment.id })}</Link>
            </td>
            <td className="p-2 whitespace-nowrap">
              {other.id !== null ? <Link to={`/documents/${other.id}`}>{other.number}</Link> : t("form.none")}
            </td>
            <td className="p-2" lang="vi">{amendment.provisions ?? ""}</td>
            <td className="p-2">{t(`labels.form.${amendment.form}`)}</td>
            <td className="p-2">{amendment.agency_code}</td>
            <td className="p-2">{stage(amendment.stage, amendment.amending_effective_on)}</td>
            <td className="p-2 whitespace-nowrap">{date(amendment.deadline)}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}
