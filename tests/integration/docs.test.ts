import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../support/database";

// The documents a clone of the repository carries must lead to files that the clone has: every
// file path the README and the domain document name, as a Markdown link or in backticks.

const DOCUMENTS = ["README.md", "docs/DOMAIN.md"];

/** Files a document names: link targets and backticked source and data paths (`db/seed/data/agencies.csv`), or bare .md and .csv names. */
function namedPaths(markdown: string): string[] {
  const links = [...markdown.matchAll(/\]\(([^)#\s]+)\)/g)].map((match) => match[1] ?? "");
  const code = [...markdown.matchAll(/`([^`\s]+)`/g)].map((match) => match[1] ?? "");
  return [...links, ...code].filter((name) => !/^[a-z]+:/.test(name) && /^(?:[\w.-]+\/)+[\w.-]+\.(md|csv|ts|tsx|json|css)$|^[\w.-]+\.(md|csv)$/.test(name));
}

describe("the project's own documents", () => {
  it("the README links the domain document the repository carries", () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
    expect(readme).toContain("(docs/DOMAIN.md)");
    expect(readme).not.toContain("../shared");
  });

  it.each(DOCUMENTS)("every file %s names exists in the repository", (document) => {
    const text = fs.readFileSync(path.join(PROJECT_ROOT, document), "utf8");
    const names = namedPaths(text);
    expect(names.length, `${document} names no file`).toBeGreaterThan(0);
    // a name is relative to the project root, or to the document's folder (a Markdown link), or a
    // file of the reference data that the domain document lists by its bare name
    // what a command writes into an ignored folder (bench-results/) is named, not carried
    const generated = fs.readFileSync(path.join(PROJECT_ROOT, ".gitignore"), "utf8").split("\n").filter((line) => /^[\w.-]+\/$/.test(line.trim()));
    const missing = names.filter(
      (name) =>
        !generated.some((folder) => name.startsWith(folder.trim())) &&
        ![PROJECT_ROOT, path.join(PROJECT_ROOT, path.dirname(document)), path.join(PROJECT_ROOT, "db/seed/data")].some((base) =>
          fs.existsSync(path.resolve(base, name)),
        ),
    );
    expect(missing, `${document} names files a clone does not have`).toEqual([]);
  });
});
