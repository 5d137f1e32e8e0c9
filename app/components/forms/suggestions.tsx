import { useFetcher } from "@remix-run/react";
import "@u-elements/u-datalist";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

// Suggestions for a text field as the user types: the field keeps its native `list` attribute
// and the list is <u-datalist>, an accessible <datalist> (combobox and listbox roles, keyboard,
// the number of hits read out) that, unlike Chromium's own, shows what the server found without
// filtering it again by the letters typed (which would drop "NĐ-CP" for "nd") and opens when
// options arrive after the keystroke. Before JavaScript loads the field is a plain text input.

/** One option: the value the field takes and what the list shows beside it. */
export interface Suggestion {
  value: string;
  label: string;
}

/** Keystrokes closer together than this make one request. */
const SUGGEST_DELAY_MS = 200;

/**
 * The `list` attribute, input handler and list for a field suggesting from `source` (a resource
 * route answering `?q=` with Suggestion[]); inert until hydrated.
 */
export function useSuggestions(source: string) {
  const { t } = useTranslation();
  const fetcher = useFetcher<Suggestion[]>();
  const listId = useId();
  const [hydrated, setHydrated] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    setHydrated(true);
    return () => clearTimeout(timer.current);
  }, []);
  const onInput = (event: FormEvent<HTMLInputElement>) => {
    const q = event.currentTarget.value.trim();
    clearTimeout(timer.current);
    if (q) timer.current = setTimeout(() => fetcher.load(`${source}?${new URLSearchParams({ q })}`), SUGGEST_DELAY_MS);
  };
  const list = hydrated ? (
    <u-datalist
      id={listId}
      data-nofilter=""
      data-sr-singular={t("form.suggestions.one")}
      data-sr-plural={t("form.suggestions.other")}
      data-sr-of={t("form.suggestions.of")}
      className="absolute z-10 mt-1 max-h-72 w-full overflow-auto rounded border border-slate-500 bg-white shadow-lg empty:hidden"
    >
      {(fetcher.data ?? []).map((suggestion) => (
        <u-option
          key={suggestion.value}
          value={suggestion.value}
          className="border-t border-slate-200 px-2 py-1.5 first:border-t-0 hover:bg-blue-50 data-activedescendant:bg-blue-100"
        >
          <span className="block font-medium">{suggestion.value}</span>
          <span className="block text-sm text-slate-700">{suggestion.label}</span>
        </u-option>
      ))}
    </u-datalist>
  ) : null;
  return { list: hydrated ? listId : undefined, onInput, datalist: list };
}
