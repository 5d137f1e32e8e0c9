import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import type { ReactNode } from "react";
import { requirePermission } from "~/auth/session.server";
import { DocumentTitle } from "~/components/documents/document-title";
import { useFormat } from "~/components/ui/format";
import { DataMessage } from "~/components/ui/data-message";
import { IgnoredParams } from "~/components/ui/list";
import { pageTitle } from "~/components/ui/meta";
import { db } from "~/db.server";
import { excerpt, hasMatch, highlight, type Segment } from "~/domain/highlight";
import type { DecisionHit, DocumentHit, ProposalHit } from "~/models/search.server";
import { parseListQuery, SearchParams } from "~/schemas/list-params";
import { page } from "~/http.server";
import { readSearch } from "~/services/search.server";

// The header's search box leads here: proposals, legal documents and decisions matching every
// word, each group ranked, cut to its best results, and linked to its list filtered by the same words.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "search.title");

export const loader = page(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, "record:read");
  const { params, ignored } = parseListQuery(SearchParams, new URL(request.url));
  return { ignored, ...(await readSearch(db(), user, params.q)) };
});

export default function SearchPage() {
  const { q, ignored, results } = useLoaderData<typeof loader>();
  const { t } = useFormat();
  const searched = results !== null && results.terms.length > 0;
  const found = searched && results.proposals.total + results.documents.total + results.decisions.total > 0;
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">{searched ? <DataMessage i18nKey="search.resultsFor" values={{ q }} /> : t("search.title")}</h1>
        <p className="max-w-3xl text-slate-700">
          <DataMessage i18nKey="search.intro" />
        </p>
      </div>
      <IgnoredParams ignored={ignored} />
      <div aria-live="polite" role="status">
        {!searched ? <p>{t("search.empty")}</p> : !found ? <p>{t("search.none")}</p> : null}
      </div>
      {searched && found ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <ResultGroup
            id="search-proposals"
            title={t("search.proposals")}
            total={results.proposals.total}
            shown={results.proposals.rows.length}
            listUrl={`/proposals?${new URLSearchParams({ q })}`}
          >
            {results.proposals.rows.map((hit) => (
              <ProposalResult key={hit.id} hit={hit} terms={results.terms} />
            ))}
          </ResultGroup>
          <ResultGroup
            id="search-documents"
            title={t("search.documents")}
            total={results.documents.total}
            shown={results.documents.rows.length}
            listUrl={`/documents?${new URLSearchParams({ q })}`}
          >
            {results.documents.rows.map((hit) => (
              <DocumentResult key={hit.id} hit={hit} terms={results.terms} />
            ))}
          </ResultGroup>
          <ResultGroup
            id="search-decisions"
            title={t("search.decisions")}
            total={results.decisions.total}
            shown={results.decisions.rows.length}
            listUrl={`/decisions?${new URLSearchParams({ q })}`}
          >
            {results.decisions.rows.map((hit) => (
              <DecisionResult key={hit.id} hit={hit} terms={results.terms} />
            ))}
          </ResultGroup>
        </div>
      ) : null}
    </div>
  );
}

function ResultGroup({
  id,
  title,
  total,
  shown,
  listUrl,
  children,
}: {
  id: string;
  title: string;
  total: number;
  shown: number;
  listUrl: string;
  children: ReactNode;
}) {
  const { t } = useFormat();
  return (
    <section aria-labelledby={id} className="space-y-3 rounded border border-slate-300 bg-white p-4">
      <h2 id={id} className="text-xl font-semibold">
        {title} <span className="text-base font-normal text-slate-600">({t("search.count", { count: total })})</span>
      </h2>
      {total === 0 ? (
        <p>{t("search.noneInGroup")}</p>
      ) : (
        <>
          <ol className="space-y-3">{children}</ol>
          {total > shown ? <p className="text-sm text-slate-600">{t("search.showing", { shown, count: total })}</p> : null}
          <p className="no-print">
            <Link to={listUrl}>{t("search.seeAll", { count: total })}</Link>
          </p>
        </>
      )}
    </section>
  );
}

const PROPOSAL_TEXT_FIELDS = [
  ["proposal.fields.proposedChange", "proposed_change"],
  ["proposal.fields.rationale", "rationale"],
  ["proposal.fields.sourceProvision", "source_provision"],
  ["proposal.fields.procedureCode", "procedure_code"],
] as const;

function ProposalResult({ hit, terms }: { hit: ProposalHit; terms: string[] }) {
  const { t } = useFormat();
  // the words the code and title lack are shown where they are: the field holding most of them
  const missing = terms.filter((term) => !hasMatch(`${hit.code} ${hit.title}`, [term]));
  let snippet: { label: (typeof PROPOSAL_TEXT_FIELDS)[number][0]; segments: Segment[] | null } | null = null;
  let most = 0;
  for (const [label, field] of PROPOSAL_TEXT_FIELDS) {
    const text = hit[field];
    const found = missing.filter((term) => hasMatch(text, [term])).length;
    if (text && found > most) {
      most = found;
      snippet = { label, segments: excerpt(text, terms) };
    }
  }
  return (
    <li className="border-t border-slate-200 pt-3 first:border-t-0 first:pt-0">
      <Link to={`/proposals/${hit.code}`} className="font-medium">
        <Highlighted segments={highlight(hit.code, terms)} />:{" "}
        <span lang="vi">
          <Highlighted segments={highlight(hit.title, terms)} />
        </span>
      </Link>
      <p className="text-sm text-slate-600">
        {[hit.agency_code, t(`labels.proposalStatus.${hit.status}`)].filter(Boolean).join(" · ")}
        {hit.source_document_number ? (
          <>
            {" · "}
            {t("search.source")}: <Highlighted segments={highlight(hit.source_document_number, terms)} />
          </>
        ) : null}
      </p>
      {snippet?.segments ? (
        <p className="mt-1 text-sm">
          <span className="text-slate-600">{t("search.matchedIn", { field: t(snippet.label) })}</span>{" "}
          <span lang="vi">
            <Highlighted segments={snippet.segments} />
          </span>
        </p>
      ) : null}
    </li>
  );
}

function DocumentResult({ hit, terms }: { hit: DocumentHit; terms: string[] }) {
  const { t, date } = useFormat();
  return (
    <li className="border-t border-slate-200 pt-3 first:border-t-0 first:pt-0">
      <Link to={`/documents/${hit.id}`} className="font-medium">
        <Highlighted segments={highlight(hit.number, terms)} />
      </Link>
      {hit.title === null ? (
        <p>
          <DocumentTitle title={null} />
        </p>
      ) : (
        <p lang="vi">
          <Highlighted segments={highlight(hit.title, terms)} />
        </p>
      )}
      <p className="text-sm text-slate-600">
        {[t(`labels.documentType.${hit.doc_type}`), t(`labels.documentStatus.${hit.status}`), date(hit.issued_on)].filter(Boolean).join(" · ")}
      </p>
    </li>
  );
}

function DecisionResult({ hit, terms }: { hit: DecisionHit; terms: string[] }) {
  const { t, date, locale } = useFormat();
  // the title in the reader's language, as DecisionTitle shows it, with the words found marked
  const english = locale === "en" && hit.title_en;
  return (
    <li className="border-t border-slate-200 pt-3 first:border-t-0 first:pt-0">
      <Link to={`/decisions/${hit.id}`} className="font-medium">
        <Highlighted segments={highlight(hit.number, terms)} />
      </Link>
      <p lang={english || locale === "vi" ? undefined : "vi"}>
        <Highlighted segments={highlight(english ? (hit.title_en ?? "") : hit.title_vi, terms)} />
      </p>
      <p className="text-sm text-slate-600">{[t(`labels.decisionKind.${hit.kind}`), date(hit.signed_on)].join(" · ")}</p>
    </li>
  );
}

/** Text with the words that matched the search in <mark>. */
function Highlighted({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((segment, index) =>
        segment.match ? (
          <mark key={index} className="rounded-sm bg-yellow-200 px-0.5 text-inherit">
            {segment.text}
          </mark>
        ) : (
          segment.text
        ),
      )}
    </>
  );
}
