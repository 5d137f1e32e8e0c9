// What a message's values go through where the message is read as markup (DataMessage: Trans,
// for its <vi> parts): escaped on the way in, so neither a tag ("<strong>") nor a placeholder
// ("{{name}}", which Trans fills in a second time in the text it renders) typed by someone is
// anything but text, and unescaped in the text Trans renders, so it shows as typed.

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "{": "&#123;", "}": "&#125;" };
const UNESCAPES: Record<string, string> = Object.fromEntries(Object.entries(ESCAPES).map(([character, entity]) => [entity, character]));

/** A value as it goes into a message read as markup. */
export function escapeMessageValue(value: string): string {
  return value.replace(/[&<>"'{}]/g, (character) => ESCAPES[character]!);
}

/** The text of a message read as markup, its values as they were given. */
export function unescapeMessageText(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39|#123|#125);/g, (entity) => UNESCAPES[entity]!);
}
