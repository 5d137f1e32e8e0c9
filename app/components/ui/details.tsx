import { Link } from "~/components/ui/link";
import type { ReactNode } from "react";
import { useFormat } from "./format";

// The building blocks of a record's page: its header, framed sections and lists of fields.

/**
 * What kind of record this is, its title and, as children, a line of status beside it;
 * `actions` (an EditLink, say) sit on the right for those who may use them.
 */
export function RecordHeader({
  kind,
  title,
  actions,
  children,
}: {
  kind: ReactNode;
  title: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <header className="flex flex-wrap items-start justify-between gap-2">
      <div>
        <p className="text-slate-600">{kind}</p>
        <h1 className="text-2xl font-semibold">{title}</h1>
        {children ? <p className="mt-1">{children}</p> : null}
      </div>
      {actions}
    </header>
  );
}

export function EditLink({ to }: { to: string }) {
  const { t } = useFormat();
  return (
    <Link to={to} className="no-print rounded border border-blue-800 px-3 py-2 no-underline">
      {t("actions.edit")}
    </Link>
  );
}

/** A framed part of the page, named by its heading (`id`); `actions` sit beside the heading. */
export function DetailSection({
  id,
  title,
  actions,
  children,
}: {
  id: string;
  title: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const heading = (
    <h2 id={id} className="text-lg font-semibold">
      {title}
    </h2>
  );
  return (
    <section aria-labelledby={id} className="rounded border border-slate-300 bg-white p-4">
      {actions ? (
        <div className="flex flex-wrap items-center justify-between gap-2">
          {heading}
          {actions}
        </div>
      ) : (
        heading
      )}
      {children}
    </section>
  );
}

/** A record's fields as a description list, one DetailRow each. */
export function DetailList({ children }: { children: ReactNode }) {
  return <dl className="divide-y divide-slate-200">{children}</dl>;
}

/**
 * One field: its label, and its value with the line breaks it was typed with. `lang`: the value is
 * text people typed in that language (a title, a provision, a reason), whatever the page's.
 */
export function DetailRow({ label, lang, children }: { label: string; lang?: "vi" | "en"; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-2 sm:grid-cols-3">
      <dt className="font-medium text-slate-700">{label}</dt>
      <dd className="sm:col-span-2 whitespace-pre-line" lang={lang}>
        {children}
      </dd>
    </div>
  );
}
