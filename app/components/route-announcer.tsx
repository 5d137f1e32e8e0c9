import { useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

// A full page load puts a screen reader at the top of the new page and reads its title. A
// navigation inside the app (a link, a posted form) changes the page under the user without
// either: focus stays on the link clicked, or falls to <body>. After each one this moves focus
// to what the page answered: a form's result or error message when it shows one, otherwise the
// page's heading, and says it again in a polite live region. Nothing happens on the first load.

/** A form's answer, looked for after a submission: the page's own result (data-result-message) or an alert. */
const RESULT = "main [data-result-message], main [role=alert]";
/** After a post, a success message in a status region is the answer too. */
const POSTED_RESULT = `${RESULT}, main [role=status]`;
const HEADING = "main h1";

export function RouteAnnouncer() {
  const navigation = useNavigation();
  const [message, setMessage] = useState("");
  // the kind of navigation under way: "link", or the form's method; null when none was seen
  const pending = useRef<string | null>(null);

  useEffect(() => {
    if (navigation.state !== "idle") {
      pending.current = navigation.formMethod?.toUpperCase() ?? pending.current ?? "link";
      return;
    }
    const kind = pending.current;
    pending.current = null;
    if (kind === null) return;
    const target = focusTarget(kind);
    if (!target) return;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus();
    // emptied first, so the same words said twice (the same error again) are announced again
    setMessage("");
    const timer = window.setTimeout(() => setMessage(spokenText(target)), 100);
    return () => window.clearTimeout(timer);
  }, [navigation.state, navigation.formMethod]);

  return (
    <div className="sr-only" role="status" aria-live="polite" aria-atomic="true" data-route-announcer="">
      {message}
    </div>
  );
}

function focusTarget(kind: string): HTMLElement | null {
  const selectors = kind === "link" ? [HEADING] : kind === "GET" ? [RESULT, HEADING] : [POSTED_RESULT, HEADING];
  for (const selector of selectors) {
    const found = Array.from(document.querySelectorAll<HTMLElement>(selector)).find((element) => spokenText(element) !== "");
    if (found) return found;
  }
  return null;
}

function spokenText(element: HTMLElement): string {
  return (element.innerText || element.textContent || "").replace(/\s+/g, " ").trim();
}
