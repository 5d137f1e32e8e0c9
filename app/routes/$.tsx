import { useRouteError } from "@remix-run/react";
import { notFound } from "~/http.server";
import { ErrorMessage } from "~/root";

// Any address no other route answers: a 404 shown as an error of this route, inside the layout.
// Left to Remix (or to the root's boundary, as a posted form's error would be), the root's
// loader would not run: no header navigation, no signed-in user, always Vietnamese.

export function loader(): never {
  notFound();
}

export function action(): never {
  notFound();
}

export default function NoSuchPage() {
  return null;
}

export function ErrorBoundary() {
  return <ErrorMessage error={useRouteError()} />;
}
