import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Takes one proposal off the amendment: a plain POST form, so it works before JavaScript loads. */
export function UnlinkProposalButton({ code }: { code: string }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("proposal") === code;
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="unlink" />
      <input type="hidden" name="proposal" value={code} />
      <button
        type="submit"
        disabled={busy}
        aria-label={t("amendment.unlinkLabel", { code })}
        className="rounded border border-red-800 px-2 py-0.5 text-red-900 hover:bg-red-50 disabled:opacity-60"
      >
        {t("amendment.unlink")}
      </button>
    </Form>
  );
}
