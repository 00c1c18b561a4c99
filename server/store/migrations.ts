// Data files are migrated forward when the server starts. Each entry lifts a market file from
// version N to N+1; a file is passed through every step from its version up to SCHEMA_VERSION.
// Add a step here (and bump SCHEMA_VERSION in server/market/model.ts) whenever the stored shape
// changes; never change an existing step, since old files in the wild depend on it.
import { SCHEMA_VERSION } from "../market/model.ts";

type MarketFileData = Record<string, unknown>;

export interface Migration {
  /** The version this step reads; it returns the shape of version `from + 1`. */
  from: number;
  what: string;
  up(data: MarketFileData): MarketFileData;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    // Files written before live events carried sequence numbers had no schemaVersion and no seq.
    from: 0,
    what: "add the event sequence number (seq)",
    up: (data) => ({ ...data, seq: typeof data.seq === "number" ? data.seq : 0 }),
  },
];

export class MigrationError extends Error {}

/** The version a file declares; files from before versioning count as version 0. */
export function versionOf(data: MarketFileData): number {
  return data.schemaVersion === undefined ? 0 : (data.schemaVersion as number);
}

/**
 * Lifts a parsed market file to SCHEMA_VERSION. Returns the data unchanged when it is current;
 * throws MigrationError for a version this server cannot read (newer, or no path forward).
 */
export function migrateToCurrent(data: MarketFileData, migrations: readonly Migration[] = MIGRATIONS, target = SCHEMA_VERSION): MarketFileData {
  let version = versionOf(data);
  if (!Number.isInteger(version) || version < 0) throw new MigrationError(`has an unreadable schema version (${JSON.stringify(data.schemaVersion)})`);
  if (version > target) {
    throw new MigrationError(`was written by a newer version of this server (schema version ${version}; this one reads up to ${target}). Update the server`);
  }
  let current = data;
  while (version < target) {
    const step = migrations.find((m) => m.from === version);
    if (!step) throw new MigrationError(`has schema version ${version}, which this server cannot migrate`);
    current = { ...step.up(current), schemaVersion: version + 1 };
    version += 1;
  }
  return current;
}
