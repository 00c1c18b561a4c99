// Which store the server runs on: PostgreSQL when DATABASE_URL is set (several nodes share it),
// else the lowdb files under DATA_DIR (one node, the one-command start).
import type { Config } from "../config.ts";
import type { MarketStore } from "../market/store-port.ts";
import { LowdbMarketStore } from "./lowdb-store.ts";
import { PostgresMarketStore } from "./postgres-store.ts";

export async function openStore(config: Pick<Config, "databaseUrl" | "dataDir" | "store">): Promise<MarketStore> {
  return config.databaseUrl ? PostgresMarketStore.open(config.databaseUrl) : LowdbMarketStore.open(config.dataDir, config.store);
}
