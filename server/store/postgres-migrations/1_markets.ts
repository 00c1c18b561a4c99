// The first schema: one row per market (its version, its join code unique by index, what the
// sweeps and timers read, and every field that is not a list of entities) and one row per entity
// (participant, post, connection, any list of objects with an id) in its list's order. JSON, not
// JSONB: a market reads back exactly as written, keys in their order.
import type { MigrationBuilder } from "node-pg-migrate";

export function up(pgm: MigrationBuilder): void {
  pgm.createTable("markets", {
    id: { type: "text", primaryKey: true },
    code: { type: "text", notNull: true },
    version: { type: "bigint", notNull: true, default: 0 },
    seq: { type: "bigint", notNull: true, default: 0 },
    phase: { type: "text", notNull: true },
    closed_at: { type: "text" },
    restored_at: { type: "text" },
    time_up: { type: "jsonb" },
    /** Top-level fields other than the entity lists. */
    fields: { type: "json", notNull: true },
    /** The names of the top-level fields held as rows of market_entities, in order. */
    lists: { type: "text[]", notNull: true, default: "{}" },
  });
  pgm.createIndex("markets", "code", { unique: true, name: "markets_code_unique" });
  pgm.createTable("market_entities", {
    market_id: { type: "text", notNull: true, references: "markets", onDelete: "CASCADE" },
    list: { type: "text", notNull: true },
    id: { type: "text", notNull: true },
    position: { type: "bigint", notNull: true },
    body: { type: "json", notNull: true },
  });
  pgm.addConstraint("market_entities", "market_entities_pkey", { primaryKey: ["market_id", "list", "id"] });
  pgm.createIndex("market_entities", ["market_id", "list", "position"]);
}

export function down(pgm: MigrationBuilder): void {
  pgm.dropTable("market_entities");
  pgm.dropTable("markets");
}
