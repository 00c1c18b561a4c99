// The table socket.io's PostgreSQL adapter keeps messages too large for a NOTIFY in (its README's
// schema): live events cross nodes through it (docs/decisions/015-several-nodes.md).
import type { MigrationBuilder } from "node-pg-migrate";

export function up(pgm: MigrationBuilder): void {
  pgm.sql(`CREATE TABLE IF NOT EXISTS socket_io_attachments (
    id          bigserial UNIQUE,
    created_at  timestamptz DEFAULT NOW(),
    payload     bytea
  )`);
}

export function down(pgm: MigrationBuilder): void {
  pgm.dropTable("socket_io_attachments");
}
