import { Link as RemixLink, useNavigate, type LinkProps } from "@remix-run/react";
import { useEffect, type AnchorHTMLAttributes } from "react";

// The app's links. Remix's Link resolves its `to` against the route matches three times per
// link (its own href, React Router's, the click handler's), each serializing the matches, and
// takes the router's navigate function: on a page of hundreds of links that was a twentieth of
// the server's CPU. Most links are a path from the site's root, which needs no resolving: those
// render a plain anchor with the href React Router would write, and one listener on the document
// (useRootLinkNavigation, in the root route) navigates client-side on a plain click, as Remix's
// Link does. Any other `to` or option goes to Remix's Link.

/** Marks an anchor the document's listener navigates (Remix's Link marks its own the same way). */
const MARK = "data-discover";

/** The props of a Link that are not an anchor's. */
const LINK_ONLY = new Set(["to", "prefetch", "discover", "reloadDocument", "relative", "viewTransition", "replace", "state", "preventScrollReset"]);

export function Link(props: LinkProps) {
  const { to } = props;
  const plain =
    typeof to === "string" &&
    to.startsWith("/") &&
    !to.startsWith("//") &&
    !props.reloadDocument &&
    (props.prefetch ?? "none") === "none" &&
    !props.relative &&
    !props.viewTransition &&
    props.discover !== "none" &&
    props.replace === undefined &&
    props.state === undefined &&
    !props.preventScrollReset &&
    (!props.target || props.target === "_self") &&
    !props.onClick;
  if (!plain) return <RemixLink {...props} />;
  // the anchor's props copied by a loop: a rest pattern excluding the Link's own cost more in V8
  // than all the rest of the link
  const anchor: Record<string, unknown> = {};
  for (const key in props) if (!LINK_ONLY.has(key)) anchor[key] = props[key as keyof LinkProps];
  anchor[MARK] = "true";
  anchor.href = rootHref(to);
  return <a {...(anchor as AnchorHTMLAttributes<HTMLAnchorElement>)} />;
}

/**
 * The href React Router writes for a path from the root (resolveTo, then createHref): the path as
 * given, parsed into pathname, search and hash, a lone "?" or "#" dropped.
 */
export function rootHref(to: string): string {
  const hashAt = to.indexOf("#");
  const hash = hashAt >= 0 ? to.slice(hashAt) : "";
  const path = hashAt >= 0 ? to.slice(0, hashAt) : to;
  const searchAt = path.indexOf("?");
  const search = searchAt >= 0 ? path.slice(searchAt) : "";
  const pathname = searchAt >= 0 ? path.slice(0, searchAt) : path;
  return pathname + (search === "?" ? "" : search) + (hash === "#" ? "" : hash);
}

/**
 * Once the page is live, a plain click on an app link (a left click without a modifier key, on a
 * link opening in this window) navigates in place, as React Router's Link does; a link to where
 * the browser is replaces the history entry, as an anchor would. Links Remix handled themselves
 * are left alone (they prevented the default).
 */
export function useRootLinkNavigation(): void {
  const navigate = useNavigate();
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
      const anchor = event.target instanceof Element ? event.target.closest(`a[${MARK}="true"]`) : null;
      if (!(anchor instanceof HTMLAnchorElement) || (anchor.target && anchor.target !== "_self") || anchor.hasAttribute("download")) return;
      const href = anchor.getAttribute("href");
      if (!href?.startsWith("/") || href.startsWith("//")) return;
      event.preventDefault();
      const here = window.location.pathname + window.location.search + window.location.hash;
      navigate(href, { replace: here === href });
    };
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, [navigate]);
}
