import { sql, type Kysely } from "kysely";

// PostgreSQL's data version (migration 0017) was raised by every write statement: a transaction
// of many statements (an import's commit: 10,000 rows, some 90,000 statements) updated its
// session's row as many times, and every update of a row the transaction itself had updated
// walks the chain of that row's versions it left behind, so each write grew slower with the
// transaction's size (a 10,000-row import took two minutes, not the four seconds it takes on
// SQLite). The read caches only need the key to move when a transaction that wrote commits, so
// the trigger now raises it once per transaction, remembered in a setting local to that
// transaction (rolled back with a savepoint, like the raise it remembers).
// SQLite keeps its own key (pragma data_version): nothing to do there.

function isPostgres(db: Kysely<any>): boolean {
  return sql`${0}`.compile(db).sql === "$1";
}

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create or replace function bump_data_version() returns trigger language plpgsql as $$
      begin
        if current_setting('tinhgon.data_version_raised', true) is distinct from 'yes' then
          insert into data_version (pid, n) values (pg_backend_pid(), 1)
            on conflict (pid) do update set n = data_version.n + 1;
          perform set_config('tinhgon.data_version_raised', 'yes', true);
        end if;
        return null;
      end
    $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create or replace function bump_data_version() returns trigger language plpgsql as $$
      begin
        insert into data_version (pid, n) values (pg_backend_pid(), 1)
          on conflict (pid) do update set n = data_version.n + 1;
        return null;
      end
    $$`.execute(db);
}
