import type { ReactNode } from "react";

/**
 * Text from a record (a title, a comment, a person's or agency's Vietnamese name, a search
 * result's excerpt): people write it in Vietnamese whatever the page's language, so it is marked
 * lang="vi" and a screen reader in the English UI reads it with Vietnamese pronunciation. A table
 * cell or a link holding only such text carries lang="vi" itself; DataMessage marks it inside a
 * message, DocumentTitle and DecisionTitle inside their own.
 */
export function RecordText({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <span lang="vi" className={className}>
      {children}
    </span>
  );
}
