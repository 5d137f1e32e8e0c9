import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { locationEnv, type DatabaseLocation } from "../../app/db.server";
import { STAGE_ORDER } from "../../app/domain/amendment";
import type { AmendmentStage } from "../../app/domain/vocabulary";
import { IMPORT_COLUMNS } from "../../app/services/import/layout";
import type { SoakAccount, SoakPlan } from "./plan";

// The soak's virtual users, over HTTP as browsers without JavaScript use the site: signed in
// through the login form, every post with the site's Origin, redirects not followed. Officers
// move their agency's amendments through their stages, edit (two of them the same proposals, so
// some saves are stale on purpose), submit and comment; the reviewer approves and returns in
// bulk; an officer imports a plan through the upload, its dry run and the confirmation, and
// through `npm run import` (another process writing to the same database); viewers load every
// kind of page and export. Every request is timed; every write is recorded with what
// identifies it in the database (a token in its text) and how it was answered.

/** A write as the server answered it: acknowledged (2xx/3xx), refused (a 4xx/5xx with its reason) or unanswered (the connection failed, e.g. the server was killed). */
export type Outcome = "acknowledged" | "refused" | "unanswered";

export type WriteRecord = { actor: string; outcome: Outcome; status: number; reason?: string } & (
  | { kind: "stage"; amendmentId: number; stage: AmendmentStage; token: string }
  | { kind: "edit"; code: string; version: number; token: string }
  | { kind: "comment"; entity: "proposal" | "amendment"; ref: string; token: string }
  | { kind: "submit"; code: string; version: number }
  | { kind: "review"; transition: "approve" | "return"; codes: string[]; token: string }
  | { kind: "import" | "cli-import"; file: string; token: string; rows: number }
);
export type WriteKind = WriteRecord["kind"];
export const WRITE_KINDS: readonly WriteKind[] = ["stage", "edit", "comment", "submit", "review", "import", "cli-import"];

export interface RequestRecord {
  /** "read:<page kind>", "form:<write kind>" (the page a write is made from) or "write:<write kind>". */
  kind: string;
  status: number;
  ms: number;
  /** The reason a refused answer gave (4xx/5xx). */
  reason?: string;
}

export interface SoakLog {
  seconds: number;
  requests: RequestRecord[];
  writes: WriteRecord[];
}

/** Signed-in sessions by email: the tg_session cookie each account got from the login form. */
export type Sessions = Map<string, string>;

const THINK_MS = [5, 40] as const;
const IMPORT_ROWS = 8;

export function emptyLog(): SoakLog {
  return { seconds: 0, requests: [], writes: [] };
}

/** Signs every account of the plan in through the login form, all at once. */
export async function signIn(url: string, plan: SoakPlan): Promise<Sessions> {
  const accounts = [...plan.officers, plan.reviewer, ...plan.viewers, plan.importer];
  const sessions: Sessions = new Map();
  await Promise.all(
    accounts.map(async (account) => {
      const response = await fetch(`${url}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { origin: url, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: account.email, password: plan.password, redirectTo: "" }),
      });
      const cookie = response.headers.getSetCookie().find((header) => header.startsWith("tg_session="));
      if (response.status !== 302 || !cookie) throw new Error(`${account.email} could not sign in (${response.status})`);
      sessions.set(account.email, cookie.split(";")[0]!);
    }),
  );
  return sessions;
}

/**
 * Runs the virtual users against `url` until `seconds` have passed or `signal` aborts (a test
 * that kills the server aborts it too), adding to `log`. `sequence` numbers the tokens: pass
 * the same one to every run of a soak, so tokens stay unique.
 */
export async function runLoad(
  url: string,
  plan: SoakPlan,
  sessions: Sessions,
  options: {
    seconds: number;
    log: SoakLog;
    sequence: { next: number };
    signal?: AbortSignal;
    /** Called as each write is sent (a test times its kill by it). */
    onWrite?: () => void;
    /** The database the server uses, for `npm run import` every other turn of the importer (no CLI imports without it). */
    cliImport?: CliImport;
  },
): Promise<void> {
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const running = () => performance.now() < deadline && !options.signal?.aborted;
  const context: Context = {
    url,
    plan,
    sessions,
    log: options.log,
    token: () => `soak-${plan.runId}-${String(options.sequence.next++).padStart(5, "0")}`,
    onWrite: options.onWrite ?? (() => {}),
  };
  const loop = async (account: SoakAccount, act: (user: User) => Promise<void>) => {
    const user = new User(context, account);
    while (running()) {
      await act(user);
      await pause(THINK_MS[0] + Math.random() * (THINK_MS[1] - THINK_MS[0]));
    }
  };
  await Promise.all([
    ...plan.officers.map((officer) => loop(officer, officerStep)),
    loop(plan.reviewer, reviewerStep),
    ...plan.viewers.map((viewer) => loop(viewer, readerStep)),
    // imports at least four times a run, at most every five seconds
    loop(plan.importer, importerStep(running, Math.min(5000, (options.seconds * 1000) / 4), options.cliImport)),
  ]);
  options.log.seconds += (performance.now() - started) / 1000;
}

/** Where `npm run import` runs: the server's database (file or address) and the project's folder. */
export interface CliImport {
  database: DatabaseLocation;
  cwd: string;
}

interface Context {
  url: string;
  plan: SoakPlan;
  sessions: Sessions;
  log: SoakLog;
  token(): string;
  onWrite(): void;
}

interface Answer {
  status: number;
  body: string;
  location: string | null;
  retryAfter: string | null;
}

/** One signed-in browser. */
class User {
  constructor(
    readonly context: Context,
    readonly account: SoakAccount,
  ) {}

  get agency(): string {
    return this.account.agency ?? "";
  }

  async request(kind: string, path: string, init: RequestInit = {}): Promise<Answer> {
    const { url, sessions, log } = this.context;
    const started = performance.now();
    if (init.method === "POST") this.context.onWrite();
    let answer: Answer;
    try {
      const response = await fetch(`${url}${path}`, {
        ...init,
        redirect: "manual",
        headers: { cookie: sessions.get(this.account.email) ?? "", ...(init.method === "POST" ? { origin: url } : {}), ...init.headers },
      });
      // the whole answer is part of its time; an export is bytes, a page is text
      const body = response.headers.get("content-type")?.startsWith("text/") ? await response.text() : (await response.arrayBuffer(), "");
      answer = { status: response.status, body, location: response.headers.get("location"), retryAfter: response.headers.get("retry-after") };
    } catch {
      answer = { status: 0, body: "", location: null, retryAfter: null };
    }
    const record: RequestRecord = { kind, status: answer.status, ms: performance.now() - started };
    if (answer.status >= 400) record.reason = refusalReason(answer);
    log.requests.push(record);
    return answer;
  }

  get(kind: string, path: string): Promise<Answer> {
    return this.request(kind, path);
  }

  post(kind: WriteKind, path: string, fields: URLSearchParams | Record<string, string>): Promise<Answer> {
    const body = fields instanceof URLSearchParams ? fields : new URLSearchParams(fields);
    return this.request(`write:${kind}`, path, {
      method: "POST",
      body: body.toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
  }

  /** Records a write with how it was answered. */
  record(write: DistributiveOmit<WriteRecord, "actor" | "outcome" | "status" | "reason">, answer: Answer): void {
    const outcome: Outcome = answer.status === 0 ? "unanswered" : answer.status < 400 ? "acknowledged" : "refused";
    const entry = { ...write, actor: this.account.email, outcome, status: answer.status } as WriteRecord;
    if (outcome === "refused") entry.reason = refusalReason(answer);
    this.context.log.writes.push(entry);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

// ---- officers ----

async function officerStep(user: User): Promise<void> {
  const roll = Math.random();
  if (roll < 0.45) return moveStage(user);
  if (roll < 0.7) return editProposal(user);
  if (roll < 0.85) return comment(user);
  return submitProposal(user);
}

function pick<T>(values: readonly T[]): T | undefined {
  return values[Math.floor(Math.random() * values.length)];
}

/** Opens one of the agency's amendments and moves it on (or back, with its reason). */
async function moveStage(user: User): Promise<void> {
  const id = pick(user.context.plan.amendments[user.agency] ?? []);
  if (id === undefined) return;
  const page = await user.get("form:stage", `/amendments/${id}`);
  const version = inputValue(page.body, "version");
  const current = selectedValue(page.body, "stage") as AmendmentStage | undefined;
  if (page.status !== 200 || !version || !current) return;
  const stage = nextStage(current);
  const token = user.context.token();
  const fields: Record<string, string> = { intent: "stage", version, stage, reason: `Soak ${token}` };
  if (stage === "cancelled") fields.confirmed = "1";
  if (stage === "promulgated" || stage === "in_force") {
    // a new amending document each time, of this agency; in force at once or from a date ahead
    fields.amending_number = `${20000 + Number(token.slice(-5))}/2025/TT-${user.agency}`;
    fields.amending_type = "circular";
    fields.promulgated_on = "02/06/2025";
    fields.effective_on = stage === "in_force" ? "01/07/2025" : "01/01/2031";
  }
  const answer = await user.post("stage", `/amendments/${id}`, fields);
  user.record({ kind: "stage", amendmentId: id, stage, token }, answer);
}

/** Forward most of the time, by one or two stages; back now and then; out of in force or cancelled with a reason. Never where it is (that writes nothing). */
function nextStage(current: AmendmentStage): AmendmentStage {
  if (current === "cancelled") return "not_started";
  if (current === "in_force") return "drafting";
  if (Math.random() < 0.08) return "cancelled";
  if (Math.random() < 0.1 && current !== "not_started") return "not_started";
  const at = STAGE_ORDER.indexOf(current);
  return STAGE_ORDER[Math.min(STAGE_ORDER.length - 1, at + 1 + (Math.random() < 0.3 ? 1 : 0))]!;
}

/** The codes a list page shows, in its order. */
function listedCodes(html: string): string[] {
  return [...new Set([...mainOf(html).matchAll(/href="\/proposals\/([A-ZĐ]+-\d+)"/g)].map((match) => match[1]!))];
}

/** One of the agency's proposals still open to its officers (returned or drafts); both officers of an agency pick among the first three. */
async function editableCode(user: User, kind: WriteKind, status = Math.random() < 0.5 ? "returned" : "draft"): Promise<string | undefined> {
  const list = await user.get(`form:${kind}`, `/proposals?agency=${user.agency}&status=${status}`);
  return pick(listedCodes(list.body).slice(0, 3));
}

/** Edits a proposal's title as the edit form posts it, with the version and values it was opened with. */
async function editProposal(user: User): Promise<void> {
  const code = await editableCode(user, "edit");
  if (!code) return;
  const form = await user.get("form:edit", `/proposals/${code}/edit`);
  if (form.status !== 200) return;
  const fields = formFields(form.body);
  if (!fields.version || fields.title === undefined) return;
  const token = user.context.token();
  fields.title = `${fields.title.replace(/ \[soak-[^\]]*\]$/, "")} [${token}]`;
  const answer = await user.post("edit", `/proposals/${code}/edit`, fields);
  user.record({ kind: "edit", code, version: Number(fields.version), token }, answer);
}

/** Submits a proposal again once the reviewer returned it (drafts are mostly incomplete). */
async function submitProposal(user: User): Promise<void> {
  const code = await editableCode(user, "submit", Math.random() < 0.8 ? "returned" : "draft");
  if (!code) return;
  const page = await user.get("form:submit", `/proposals/${code}`);
  const version = inputValue(page.body, "version");
  if (page.status !== 200 || !version) return;
  // half the time with the reason no document needs amending, which a proposal without amendments needs
  const reason = Math.random() < 0.5 ? `Soak ${user.context.token()}: quy định nằm trong văn bản sẽ bãi bỏ` : "";
  const answer = await user.post("submit", `/proposals/${code}`, { intent: "submit", version, no_amendment_reason: reason });
  user.record({ kind: "submit", code, version: Number(version) }, answer);
}

/** A comment on one of the agency's amendments or proposals. */
async function comment(user: User): Promise<void> {
  const token = user.context.token();
  const text = `Soak ${token}: đã rà soát, đề nghị tiếp tục.`;
  if (Math.random() < 0.5) {
    const id = pick(user.context.plan.amendments[user.agency] ?? []);
    if (id === undefined) return;
    const answer = await user.post("comment", `/amendments/${id}`, { intent: "comment", comment: text });
    user.record({ kind: "comment", entity: "amendment", ref: String(id), token }, answer);
  } else {
    const code = await editableCode(user, "comment");
    if (!code) return;
    const answer = await user.post("comment", `/proposals/${code}`, { intent: "comment", comment: text });
    user.record({ kind: "comment", entity: "proposal", ref: code, token }, answer);
  }
}

// ---- the reviewer ----

/** Approves (two times in three) or returns up to three submitted proposals at once from the list. */
async function reviewerStep(user: User): Promise<void> {
  const list = await user.get("form:review", "/proposals?status=submitted");
  const codes = listedCodes(list.body)
    .sort(() => Math.random() - 0.5)
    .slice(0, 1 + Math.floor(Math.random() * 3));
  if (codes.length === 0) return pause(200);
  const transition = Math.random() < 0.67 ? "approve" : "return";
  const token = user.context.token();
  const fields = new URLSearchParams({ transition, comment: `Soak ${token}`, redirectTo: "/proposals?status=submitted" });
  if (transition === "approve") fields.set("decision", String(user.context.plan.decision.id));
  for (const code of codes) fields.append("code", code);
  const answer = await user.post("review", "/proposals/review", fields);
  user.record({ kind: "review", transition, codes, token }, answer);
}

// ---- readers ----

async function readerStep(user: User): Promise<void> {
  const read = pick(user.context.plan.reads)!;
  await user.get(`read:${read.kind}`, read.path);
}

// ---- the importer ----

/** A plan of a few new proposals of the importer's agency, in the import layout, as CSV. */
function planCsv(agency: string, token: string): string {
  const quote = (value: string) => `"${value.replaceAll('"', '""')}"`;
  const rows = Array.from({ length: IMPORT_ROWS }, (_, i) => {
    const values: Record<string, string> = {
      agency,
      regulation_type: "Thủ tục hành chính",
      title: `Soak import ${token} dòng ${i + 1}: cấp giấy phép hoạt động`,
      action: "Đơn giản hóa",
      proposed_change: "Bỏ yêu cầu nộp bản sao giấy tờ đã có trong cơ sở dữ liệu quốc gia",
    };
    return IMPORT_COLUMNS.map((column) => quote(values[column.key] ?? "")).join(",");
  });
  return [IMPORT_COLUMNS.map((column) => quote(column.header)).join(","), ...rows].join("\r\n");
}

/**
 * Imports a plan, through the pages (upload, its dry run, confirm) and, when given the database,
 * every other turn through `npm run import`; then reads pages for `readMs` before the next.
 */
function importerStep(running: () => boolean, readMs: number, cli: CliImport | undefined) {
  let turn = 0;
  return async (user: User): Promise<void> => {
    const token = user.context.token();
    const file = `ke-hoach-${token}.csv`;
    // the first turn imports both ways, so a short soak has each kind of import however slow
    // the machine; later turns take turns
    const way = turn++;
    if (!cli || way % 2 === 0) await importThroughPages(user, file, token);
    if (cli && (way === 0 || way % 2 === 1)) {
      const cliToken = way === 0 ? user.context.token() : token;
      await importThroughCli(user, cli, `ke-hoach-${cliToken}.csv`, cliToken);
    }
    const until = performance.now() + readMs;
    while (running() && performance.now() < until) await readerStep(user);
  };
}

async function importThroughPages(user: User, file: string, token: string): Promise<void> {
  const form = new FormData();
  form.append("file", new Blob([planCsv(user.agency, token)], { type: "text/csv" }), file);
  // a browser declares the length of the form it sends: serialize it once, with its boundary
  const encoded = new Response(form);
  const body = new Uint8Array(await encoded.arrayBuffer());
  const uploaded = await user.request("write:import", "/proposals/import", {
    method: "POST",
    body,
    headers: { "content-type": encoded.headers.get("content-type") ?? "" },
  });
  const importId = /^\/proposals\/import\/(\d+)$/.exec(uploaded.location ?? "")?.[1];
  if (!importId) return user.record({ kind: "import", file, token, rows: IMPORT_ROWS }, uploaded);
  await user.get("form:import", `/proposals/import/${importId}`);
  const confirmed = await user.post("import", `/proposals/import/${importId}`, { intent: "confirm" });
  user.record({ kind: "import", file, token, rows: IMPORT_ROWS }, confirmed);
}

/** `npm run import -- --file … --as <importer>` on the server's database, as an operator runs it beside the server. */
async function importThroughCli(user: User, cli: CliImport, file: string, token: string): Promise<void> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "tinhgon-soak-import-"));
  const plan = path.join(directory, file);
  fs.writeFileSync(plan, planCsv(user.agency, token));
  const started = performance.now();
  const run = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/import.ts", "--file", plan, "--as", user.account.email], {
      cwd: cli.cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", ...locationEnv(cli.database) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.on("close", (code) => resolve({ code, output }));
  });
  fs.rmSync(directory, { recursive: true, force: true });
  // the command's exit code stands for the answer: the plan is valid, so anything but 0 is a failure
  const status = run.code === 0 ? 200 : 500;
  const reason = run.code === 0 ? undefined : run.output.trim().split("\n").at(-1);
  user.context.log.requests.push({ kind: "cli:import", status, ms: performance.now() - started, ...(reason ? { reason } : {}) });
  user.context.log.writes.push({ kind: "cli-import", file, token, rows: IMPORT_ROWS, actor: user.account.email, outcome: run.code === 0 ? "acknowledged" : "refused", status, ...(reason ? { reason } : {}) });
}

// ---- reading HTML ----

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function mainOf(html: string): string {
  return /<main\b[\s\S]*?<\/main>/.exec(html)?.[0] ?? html;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#x27": "'", "#39": "'", nbsp: "\u00a0" };

function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#x27|#39|nbsp);/g, (_, entity: string) => ENTITIES[entity] ?? "");
}

function textOf(html: string): string {
  return decode(html.replace(/<!--[\s\S]*?-->/g, "").replace(/<[^>]*>/g, " ")).replace(/\s+/g, " ").trim();
}

function inputValue(html: string, name: string): string | undefined {
  const input = new RegExp(`<input[^>]*\\bname="${name}"[^>]*>`).exec(mainOf(html))?.[0];
  return input ? decode(/\bvalue="([^"]*)"/.exec(input)?.[1] ?? "") : undefined;
}

function selectedValue(html: string, name: string): string | undefined {
  const select = new RegExp(`<select[^>]*\\bname="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(mainOf(html))?.[1];
  const option = select ? /<option(?=[^>]*\bselected="")[^>]*\bvalue="([^"]*)"/.exec(select) : undefined;
  return option ? decode(option[1] ?? "") : undefined;
}

/** Every named control of the page's form with the value the HTML gives it, as a browser posts it. */
function formFields(html: string): Record<string, string> {
  const main = mainOf(html);
  const names = [...new Set([...main.matchAll(/<(?:input|textarea|select)\b[^>]*\bname="([^"]+)"/g)].map((match) => match[1]!))];
  return Object.fromEntries(
    names.map((name) => {
      const textarea = new RegExp(`<textarea[^>]*\\bname="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(main);
      return [name, textarea ? decode(textarea[1] ?? "") : (inputValue(main, name) ?? selectedValue(main, name) ?? "")];
    }),
  );
}

/**
 * What a refusal says: the alert or the message beside a field of a form's answer, or the error
 * page's title, and when to try again (Retry-After); empty when the answer says nothing.
 */
function refusalReason(answer: Answer): string {
  const main = mainOf(answer.body);
  const found = [
    /<[a-z]+[^>]*\brole="alert"[^>]*>([\s\S]*?)<\/(?:p|div|ul)>/.exec(main)?.[1] ?? /<h1 id="error-title"[^>]*>([\s\S]*?)<\/h1>/.exec(main)?.[1],
    /<[a-z]+[^>]*\bdata-field-error="([^"]*)"[^>]*>([\s\S]*?)<\//.exec(main)?.slice(1).join(": "),
  ].filter((text) => text !== undefined);
  const reason = found.map((text) => textOf(text).slice(0, 160)).join(" — ");
  return answer.retryAfter && reason ? `${reason} (Retry-After: ${answer.retryAfter})` : reason;
}
