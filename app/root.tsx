import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, isRouteErrorResponse, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useLocation, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { Link, useRootLinkNavigation } from "~/components/ui/link";
import type { ReactNode } from "react";
import type { TFunction } from "i18next";
import { I18nextProvider, useTranslation } from "react-i18next";
import { getOptionalUser, type SessionUser } from "./auth/session.server";
import { useNonce } from "./components/nonce";
import { DataMessage } from "./components/ui/data-message";
import { useRequestLocale } from "./components/request-locale";
import { can } from "./domain/permissions";
import { RouteAnnouncer } from "./components/route-announcer";
import { i18nFor, translator, type Locale } from "./i18n";
import { getLocale } from "./locale.server";
import stylesheet from "./tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** A page of its own sets its title; an error page is titled by its error ("Không tìm thấy (404) · Tinh Gọn"). */
export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  if (error === undefined || error === null) return [{ title: "Tinh Gọn" }];
  const { title, status } = errorWords(translator(data?.locale ?? "vi"), error);
  return [{ title: `${title} (${status}) · Tinh Gọn` }];
};

/**
 * A busy answer (503, app/http.server.ts) says when to try again whichever route was refused:
 * a thrown answer's headers reach the page only through a route's headers function.
 */
export const headers: HeadersFunction = ({ errorHeaders }) => {
  const retryAfter = errorHeaders?.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, locale] = [await getOptionalUser(request), getLocale(request)];
  return { user, locale };
}

export function useRootData(): { user: SessionUser | null; locale: Locale } {
  const data = useRouteLoaderData<typeof loader>("root");
  const requested = useRequestLocale();
  return { user: data?.user ?? null, locale: data?.locale ?? requested ?? "vi" };
}

export function Layout({ children }: { children: ReactNode }) {
  const { locale } = useRootData();
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen bg-slate-50 text-slate-900">
        <I18nextProvider i18n={i18nFor(locale)}>
          {children}
          <RouteAnnouncer />
        </I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Header() {
  const { t } = useTranslation();
  const { user, locale } = useRootData();
  const location = useLocation();
  const here = location.pathname + location.search;
  const links: { to: string; label: string; end?: boolean }[] = [
    // `end`: on the charts, the charts link is the current one, not the dashboard's
    { to: "/dashboard", label: t("dashboard.nav"), end: true },
    { to: "/dashboard/charts", label: t("charts.nav") },
    { to: "/proposals", label: t("nav.proposals") },
    { to: "/amendments", label: t("nav.amendments") },
    { to: "/deadlines", label: t("deadlines.nav") },
    { to: "/documents", label: t("nav.documents") },
    { to: "/decisions", label: t("nav.decisions") },
    { to: "/agencies", label: t("nav.agencies") },
    { to: "/snapshots", label: t("snapshot.nav") },
    ...(can(user, "user:manage") ? [{ to: "/admin/users", label: t("nav.users") }] : []),
  ];
  return (
    <header className="border-b border-slate-300 bg-white">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2 focus:bg-white">
        {t("app.skipToContent")}
      </a>
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link to={user ? "/proposals" : "/login"} className="text-lg font-bold text-red-800 no-underline">
          {t("app.name")}
          <span className="ml-2 hidden text-sm font-normal text-slate-600 sm:inline">{t("app.tagline")}</span>
        </Link>
        {user ? (
          <nav aria-label={t("nav.main")} className="flex flex-wrap gap-x-4 gap-y-1">
            {links.map((link) => (
              <NavLink
                key={link.to}
                to={link.to}
                end={link.end}
                className={({ isActive }) => (isActive ? "font-semibold text-slate-950" : "text-blue-800")}
              >
                {link.label}
              </NavLink>
            ))}
          </nav>
        ) : null}
        {user ? <HeaderSearch /> : null}
        <div className="no-print ml-auto flex flex-wrap items-center gap-3 text-sm">
          <Form method="post" action="/set-language">
            <input type="hidden" name="redirectTo" value={here} />
            <input type="hidden" name="locale" value={locale === "vi" ? "en" : "vi"} />
            <button type="submit" className="underline" lang={locale === "vi" ? "en" : "vi"} aria-label={`${t("nav.language")}: ${t("nav.switchTo")}`}>
              {t("nav.switchTo")}
            </button>
          </Form>
          {user ? (
            <>
              <span className="text-slate-600">
                <DataMessage i18nKey="nav.signedInAs" values={{ name: user.name, role: t(`labels.role.${user.role}`) }} />
                {user.agency_code ? ` · ${user.agency_code}` : ""}
              </span>
              <Form method="post" action="/logout">
                <button type="submit" className="rounded border border-slate-400 px-2 py-1">
                  {t("nav.signOut")}
                </button>
              </Form>
            </>
          ) : null}
        </div>
      </div>
    </header>
  );
}

/** The search box over proposals and documents; on the search page it keeps the words searched for. */
function HeaderSearch() {
  const { t } = useTranslation();
  const location = useLocation();
  const q = location.pathname === "/search" ? (new URLSearchParams(location.search).get("q") ?? "") : "";
  return (
    <Form method="get" action="/search" role="search" aria-label={t("search.title")} className="no-print flex items-center gap-1 text-sm">
      <label htmlFor="header-search" className="sr-only">
        {t("search.box")}
      </label>
      {/* keyed by the query, so the box shows the words of the page it is on after each search */}
      <input
        key={q}
        id="header-search"
        type="search"
        name="q"
        defaultValue={q}
        maxLength={200}
        placeholder={t("search.placeholder")}
        className="w-56 rounded border border-slate-500 bg-white px-2 py-1"
      />
      <button type="submit" className="rounded bg-blue-800 px-3 py-1 text-white">
        {t("search.submit")}
      </button>
    </Form>
  );
}

function Shell({ children }: { children: ReactNode }) {
  useRootLinkNavigation();
  return (
    <>
      <Header />
      {/* tabIndex: the skip link moves focus here, so the next Tab goes on from the page's content */}
      <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-6">
        {children}
      </main>
    </>
  );
}

export default function App() {
  return (
    <Shell>
      <Outlet />
    </Shell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return (
    <Shell>
      <ErrorMessage error={error} />
    </Shell>
  );
}

/** An error's status and its words in the user's language: the page's heading, its title and what it says. */
function errorWords(t: TFunction, error: unknown): { status: number; title: string; text: string } {
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [title, text] =
    status === 404
      ? [t("pages.notFoundTitle"), t("pages.notFound")]
      : status === 403
        ? [t("pages.forbiddenTitle"), t("pages.forbidden")]
        : status === 409
          ? [t("pages.conflictTitle"), t("pages.conflict")]
          : status === 503
            ? [t("pages.busyTitle"), isRouteErrorResponse(error) && error.data === "imports.errors.still_writing" ? t("imports.errors.still_writing") : t("pages.busy")]
            : status === 400 || status === 413 || status === 422
              ? [t("pages.badRequestTitle"), t("pages.badRequest")]
              : [t("pages.errorTitle"), t("pages.error")];
  return { status, title, text };
}

/** What went wrong, in the user's language; never a stack trace. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const { status, title, text } = errorWords(t, error);
  return (
    <section aria-labelledby="error-title" className="rounded border border-red-300 bg-white p-6">
      <h1 id="error-title" className="text-xl font-semibold">
        {title} <span className="text-slate-500">({status})</span>
      </h1>
      <p className="mt-2">{text}</p>
      <p className="mt-4">
        <Link to="/">{t("pages.goHome")}</Link>
      </p>
    </section>
  );
}
