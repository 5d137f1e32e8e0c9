import { foldVietnamese } from "~/domain/text";
import { labels } from "~/i18n/messages/labels";
import { PROPOSAL_ACTIONS, REGULATION_TYPES, type ProposalAction, type RegulationType } from "~/domain/vocabulary";

// Closed vocabularies as people type them in a spreadsheet: the key ("simplify"), the
// Vietnamese or English label ("Đơn giản hóa", "Simplify"), or a label's leading words
// ("Sửa đổi" for "Sửa đổi, bổ sung"). Matching is folded, so "don gian hoa" counts too.

function words(text: string): string {
  return foldVietnamese(text.replace(/[_\s]+/g, " "));
}

/** The one key a text names, or null when it names none or is ambiguous. */
export function vocabularyKey<K extends string>(keys: readonly K[], labelSets: readonly Record<K, string>[], text: string): K | null {
  return vocabulary(keys, labelSets)(text);
}

/** A lookup with the names folded once: an import asks it twice per row. */
function vocabulary<K extends string>(keys: readonly K[], labelSets: readonly Record<K, string>[]): (text: string) => K | null {
  const names = keys.map((key) => ({ key, names: [key, ...labelSets.map((set) => set[key])].map(words) }));
  return (text) => {
    const typed = words(text);
    if (typed === "") return null;
    const exact = names.filter((entry) => entry.names.includes(typed));
    const leading = names.filter((entry) => entry.names.some((name) => name.startsWith(`${typed},`) || name.startsWith(`${typed} `)));
    const found = exact.length ? exact : leading;
    return found.length === 1 ? (found[0]?.key ?? null) : null;
  };
}

export const regulationTypeKey: (text: string) => RegulationType | null = vocabulary(REGULATION_TYPES, [labels.vi.regulationType, labels.en.regulationType]);

export const actionKey: (text: string) => ProposalAction | null = vocabulary(PROPOSAL_ACTIONS, [labels.vi.action, labels.en.action]);
