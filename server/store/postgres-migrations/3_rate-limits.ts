// The table rate-limiter-flexible's PostgreSQL store keeps its counts in (its own schema), so every
// node counts against the same limits (server/store/postgres-rate-limits.ts). Made here rather than
// by the library at start-up, so the schema has one owner.
import type { MigrationBuilder } from "node-pg-migrate";

export function up(pgm: MigrationBuilder): void {
  pgm.sql(`CREATE TABLE IF NOT EXISTS rate_limits (
    key     varchar(255) PRIMARY KEY,
    points  integer NOT NULL DEFAULT 0,
    expire  bigint
  )`);
}

export function down(pgm: MigrationBuilder): void {
  pgm.dropTable("rate_limits");
}
