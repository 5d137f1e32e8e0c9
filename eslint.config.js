import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

// The boundaries of README "Layout". Each rule names what it keeps out and where it goes instead.
const CLOCK = { group: ["**/clock.server"], importNames: ["atMoment"], message: "Only the demo seed (db/seed) sets the clock." };
const SERVER_MODULES = {
  group: ["**/*.server", "**/*.server.ts", "**/*.server.tsx"],
  message: "app/domain and app/components also run in the browser: import no *.server module, types included (shared types go to app/domain or app/schemas).",
};
const DATABASE_TYPES = {
  group: ["**/db/types", "**/db/types.ts"],
  message: "Routes get their data from read services (app/services), not the tables' types.",
};
const REMIX_LINK = {
  name: "@remix-run/react",
  importNames: ["Link"],
  message: "Links come from app/components/ui/link.tsx: a path from the root needs no resolving against the route matches.",
};
const RAW_SQL = { name: "kysely", importNames: ["sql"], message: "SQL lives in app/models; call a model function." };
const QUERY_BUILDERS = ["selectFrom", "insertInto", "updateTable", "deleteFrom", "replaceInto", "mergeInto", "with"].map((method) => ({
  selector: `CallExpression[callee.type='MemberExpression'][callee.property.name='${method}']`,
  message: `No ${method}() in app/services: queries live in app/models; compose model functions.`,
}));

const ONE_ACTOR = ["TSTypeAliasDeclaration", "TSInterfaceDeclaration"].map((declaration) => ({
  selector: `${declaration}[id.name='Actor']`,
  message: "One Actor type: import it from app/domain/permissions.ts.",
}));

export default tseslint.config(
  { ignores: ["build/", "build-*/", "node_modules/", "data/", "public/", "tests/.tmp/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": ["error", { ignoreRestArgs: true }],
    },
  },
  {
    files: ["app/**", "scripts/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [CLOCK], paths: [REMIX_LINK] }],
      "no-restricted-syntax": ["error", ...ONE_ACTOR],
    },
  },
  {
    files: ["app/domain/permissions.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    // the browser's code: domain rules and components import no server module, not even a type
    files: ["app/domain/**", "app/components/**"],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: [CLOCK, SERVER_MODULES], paths: [REMIX_LINK] }] },
  },
  {
    files: ["app/components/ui/link.tsx"],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: [CLOCK, SERVER_MODULES] }] },
  },
  {
    files: ["app/routes/**"],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: [CLOCK, DATABASE_TYPES], paths: [REMIX_LINK] }] },
  },
  {
    // services compose model functions: the queries live in app/models
    files: ["app/services/**"],
    ignores: ["app/services/**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [CLOCK], paths: [RAW_SQL, REMIX_LINK] }],
      "no-restricted-syntax": ["error", ...ONE_ACTOR, ...QUERY_BUILDERS],
    },
  },
  {
    files: ["db/migrations/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
