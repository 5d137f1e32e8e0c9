import { sql, type Kysely } from "kysely";

// PostgreSQL's data version (the key of the read caches) was one row every write statement
// updated: a transaction that wrote held that row's lock until it ended, so while an import
// committed 50,000 rows every other write (a session's touch on a page view, a failed sign-in)
// waited for it, up to a minute. Now each session counts its own writes in a row of its own
// (its backend's pid): no two sessions ever wait on one row, and the key (the sum, with the
// number of rows) changes when a transaction that wrote commits, as its row becomes visible.
// SQLite keeps its own key (pragma data_version): nothing to do there.

function isPostgres(db: Kysely<any>): boolean {
  return sql`${0}`.compile(db).sql === "$1";
}

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create table data_version_by_session (pid integer primary key, n bigint not null)`.execute(db);
  await sql`insert into data_version_by_session (pid, n) select 0, n from data_version`.execute(db);
  await sql`drop table data_version`.execute(db);
  await sql`alter table data_version_by_session rename to data_version`.execute(db);
  await sql`create or replace function bump_data_version() returns trigger language plpgsql as $$
      begin
        insert into data_version (pid, n) values (pg_backend_pid(), 1)
          on conflict (pid) do update set n = data_version.n + 1;
        return null;
      end
    $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create table data_version_single (id integer primary key check (id = 1), n bigint not null)`.execute(db);
  await sql`insert into data_version_single (id, n) select 1, coalesce(sum(n), 0) from data_version`.execute(db);
  await sql`drop table data_version`.execute(db);
  await sql`alter table data_version_single rename to data_version`.execute(db);
  await sql`create or replace function bump_data_version() returns trigger language plpgsql as $$
      begin
        update data_version set n = n + 1 where id = 1;
        return null;
      end
    $$`.execute(db);
}
