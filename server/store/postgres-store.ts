// The store for several nodes: PostgreSQL through `pg`, the schema made by node-pg-migrate
// (postgres-migrations/). A market is one row (its version, its join code unique by index, what
// the sweeps and timers read, its plain fields as JSON) and one row per entity of its lists, so a
// commit writes what changed, not the market. The changes queued for one market on this node
// share one transaction (a group commit), which first checks the version they were made on; a
// change is acknowledged only once that transaction committed. The seq lives in the row, so it
// moves forward by one per event whichever node commits. docs/decisions/014-store-port-and-postgresql.md.
import path from "node:path";
import pg from "pg";
import { runner } from "node-pg-migrate";
import { ROOT } from "../root.ts";
import { isEntityList, type ChangeRecord } from "../market/change-record.ts";
import type { MarketListing } from "../market/market-listing.ts";
import { listingOf } from "../market/market-listing.ts";
import type { Market } from "../market/model.ts";
import { StaleVersionError, type MarketCommit, type MarketStore, type StoredMarket } from "../market/store-port.ts";

const MIGRATIONS = path.join(ROOT, "server/store/postgres-migrations");

type Json = unknown;
type Entity = { id: string } & Record<string, Json>;

interface Queued {
  change: MarketCommit;
  resolve(version: number): void;
  reject(error: unknown): void;
}

interface MarketQueue {
  queue: Queued[];
  writing?: Promise<void>;
}

/**
 * The channel every node LISTENs on: after each commit (and a removal), a JSON `Committed`: the
 * market, its new version, the time-up it is owed while a round counts down, and the change
 * records when they fit in a notification.
 */
const CHANGES_CHANNEL = "market_changes";

export class PostgresMarketStore implements MarketStore {
  private readonly queues = new Map<string, MarketQueue>();
  /** Copies in memory with a change refused or failed: their later changes are refused too. */
  private readonly brokenChains = new WeakSet<object>();
  private listener?: pg.Client;
  private readonly committedListeners = new Set<Parameters<MarketStore["onCommitted"] & {}>[0]>();

  private constructor(
    readonly pool: pg.Pool,
    private readonly databaseUrl: string,
  ) {}

  /** Connects and brings the schema up to date (under node-pg-migrate's lock, waited for: nodes may start together). */
  static async open(databaseUrl: string, options: { poolSize?: number } = {}): Promise<PostgresMarketStore> {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 10 });
    pool.on("error", (error) => console.error("PostgreSQL connection lost (it is replaced on the next query):", error.message));
    const client = await pool.connect();
    try {
      await runner({ dbClient: client, dir: MIGRATIONS, direction: "up", migrationsTable: "pgmigrations", checkOrder: true, advisoryLockMode: "wait", log: () => {} });
    } finally {
      client.release();
    }
    return new PostgresMarketStore(pool, databaseUrl);
  }

  onCommitted(listener: (marketId: string, version: number, timeUp?: MarketListing["timeUp"], records?: ChangeRecord[]) => void): () => void {
    this.committedListeners.add(listener);
    if (!this.listener) void this.listen();
    return () => this.committedListeners.delete(listener);
  }

  /** One connection of its own LISTENs for other nodes' commits; it reconnects when lost. */
  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    this.listener = client;
    client.on("notification", ({ payload }) => {
      const commit = committedFrom(payload);
      if (!commit) return;
      for (const listener of this.committedListeners) listener(commit.id, commit.version, commit.timeUp, commit.records);
    });
    client.on("error", () => {
      if (this.listener !== client) return;
      this.listener = undefined;
      // Commits missed meanwhile are still refused by their version; copies fall behind for a moment only.
      setTimeout(() => this.committedListeners.size && !this.closed && void this.listen(), 1_000).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch {
      client.emit("error", new Error("listen failed"));
    }
  }

  private closed = false;

  async load(id: string): Promise<StoredMarket | undefined> {
    // One statement, so the row and its entities come from one snapshot of the database.
    const { rows } = await this.pool.query<{ version: string; fields: Record<string, Json>; lists: string[]; entities: Array<[string, Entity]> }>(
      `SELECT m.version, m.fields, m.lists,
              (SELECT coalesce(json_agg(json_build_array(e.list, e.body) ORDER BY e.list, e.position), '[]'::json)
                 FROM market_entities e WHERE e.market_id = m.id) AS entities
         FROM markets m WHERE m.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return undefined;
    const market: Record<string, Json> = { ...row.fields };
    for (const list of row.lists) market[list] = [];
    for (const [list, body] of row.entities) (market[list] as Entity[]).push(body);
    return { market: market as unknown as Market, version: Number(row.version) };
  }

  async currentVersion(id: string): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ version: string }>("SELECT version FROM markets WHERE id = $1", [id]);
    return rows[0] ? Number(rows[0].version) : undefined;
  }

  async idByCode(code: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ id: string }>("SELECT id FROM markets WHERE code = $1", [code]);
    return rows[0]?.id;
  }

  async listings(): Promise<MarketListing[]> {
    const { rows } = await this.pool.query<{ id: string; code: string; phase: Market["phase"]; closed_at: string | null; restored_at: string | null; time_up: MarketListing["timeUp"] | null }>(
      "SELECT id, code, phase, closed_at, restored_at, time_up FROM markets",
    );
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      phase: r.phase,
      ...(r.closed_at ? { closedAt: r.closed_at } : {}),
      ...(r.restored_at ? { restoredAt: r.restored_at } : {}),
      ...(r.time_up ? { timeUp: r.time_up } : {}),
    }));
  }

  async create(market: Market): Promise<void> {
    const fields: Record<string, Json> = {};
    const lists: string[] = [];
    for (const [key, value] of Object.entries(market)) {
      if (Array.isArray(value) && isEntityList(value)) lists.push(key);
      else if (value !== undefined) fields[key] = value;
    }
    await this.transaction(async (client) => {
      await client.query(
        `INSERT INTO markets (id, code, version, seq, phase, closed_at, restored_at, time_up, fields, lists) VALUES ($1, $2, 0, $3, $4, $5, $6, $7, $8, $9)`,
        [market.id, ...listingColumns(listingOf(market), market.seq), JSON.stringify(fields), lists],
      );
      for (const list of lists) await insertList(client, market.id, list, (market as unknown as Record<string, Entity[]>)[list]!);
    });
  }

  commit(id: string, change: MarketCommit): Promise<number> {
    let queue = this.queues.get(id);
    if (!queue) this.queues.set(id, (queue = { queue: [] }));
    const q = queue;
    return new Promise<number>((resolve, reject) => {
      q.queue.push({ change, resolve, reject });
      // setImmediate lets every change made in this turn of the event loop join the transaction.
      q.writing ??= new Promise<void>((next) => setImmediate(next)).then(() => this.flush(id, q));
    });
  }

  async remove(id: string, ifVersion?: number): Promise<void> {
    const queue = this.queues.get(id);
    while (queue?.writing) await queue.writing;
    await this.transaction(async (client) => {
      // Its entities go with it (ON DELETE CASCADE).
      const { rows } = await client.query<{ version: string }>("DELETE FROM markets WHERE id = $1 RETURNING version", [id]);
      const found = rows[0] ? Number(rows[0].version) : undefined;
      if (ifVersion !== undefined && found !== undefined && found !== ifVersion) throw new StaleVersionError(id, ifVersion, found); // rolled back
      await client.query("SELECT pg_notify($1, $2)", [CHANGES_CHANNEL, announcement({ id, version: Number.MAX_SAFE_INTEGER })]);
    });
  }

  release(id: string): void {
    const queue = this.queues.get(id);
    if (queue && !queue.writing && !queue.queue.length) this.queues.delete(id);
  }

  async ping(): Promise<void> {
    await this.pool.query("SELECT 1");
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const queue of this.queues.values()) while (queue.writing) await queue.writing;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => {});
    await this.pool.end();
  }

  // ---- Writing ---------------------------------------------------------------------------------

  /** One transaction for every change queued on this market: checks the version, applies them in order. */
  private async flush(id: string, q: MarketQueue): Promise<void> {
    const batch = q.queue.splice(0);
    // Refused once the transaction is over: a retry then reads what it committed.
    const refused: Array<[Queued, StaleVersionError]> = [];
    try {
      const version = await this.transaction(async (client) => {
        const { rows } = await client.query<{ version: string; fields: Record<string, Json>; lists: string[] }>("SELECT version, fields, lists FROM markets WHERE id = $1 FOR UPDATE", [id]);
        const row = rows[0];
        let version = row ? Number(row.version) : undefined;
        const fields = row?.fields ?? {};
        const lists = row?.lists ?? [];
        let applied: Queued | undefined;
        const records: ChangeRecord[] = [];
        for (const queued of batch) {
          if (version === undefined || queued.change.baseVersion !== version || this.brokenChains.has(queued.change.chain)) {
            this.brokenChains.add(queued.change.chain);
            refused.push([queued, new StaleVersionError(id, queued.change.baseVersion, version)]);
            continue;
          }
          await applyRecord(client, id, fields, lists, queued.change.record);
          records.push(queued.change.record);
          version++;
          applied = queued;
        }
        if (!applied) return version;
        const listing = applied.change.listing;
        await client.query(
          `UPDATE markets SET code = $2, seq = $3, phase = $4, closed_at = $5, restored_at = $6, time_up = $7, fields = $8, lists = $9, version = $10 WHERE id = $1`,
          [id, ...listingColumns(listing, Number(fields.seq ?? 0)), JSON.stringify(fields), lists, version],
        );
        // Delivered to every node when (and only if) this transaction commits.
        await client.query("SELECT pg_notify($1, $2)", [CHANGES_CHANNEL, announcement({ id, version: version!, ...(listing.timeUp ? { timeUp: listing.timeUp } : {}), records })]);
        return version;
      });
      // Only now, committed: acknowledge.
      for (const [queued, error] of refused) queued.reject(error);
      for (const queued of batch) queued.resolve(version!);
    } catch (error) {
      for (const [queued, stale] of refused) queued.reject(stale);
      for (const queued of batch) {
        this.brokenChains.add(queued.change.chain);
        queued.reject(error);
      }
    }
    q.writing = q.queue.length ? new Promise<void>((next) => setImmediate(next)).then(() => this.flush(id, q)) : undefined;
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
}

interface Committed {
  id: string;
  /** The market's version after the commit (MAX_SAFE_INTEGER: deleted). */
  version: number;
  timeUp?: MarketListing["timeUp"];
  /** The records that took it there, one per version; left out when they are too big to travel. */
  records?: ChangeRecord[];
}

/** A NOTIFY payload is at most 8,000 bytes: the records travel only when they fit, else a node reads the market again. */
const MAX_ANNOUNCEMENT = 7_900;

function announcement(commit: Committed): string {
  const whole = JSON.stringify(commit);
  if (Buffer.byteLength(whole) <= MAX_ANNOUNCEMENT || !commit.records) return whole;
  const { records: _tooBig, ...rest } = commit;
  return JSON.stringify(rest);
}

function committedFrom(payload: string | undefined): Committed | undefined {
  try {
    const commit = JSON.parse(payload ?? "") as Partial<Committed>;
    if (typeof commit.id !== "string" || typeof commit.version !== "number") return undefined;
    return commit as Committed;
  } catch {
    return undefined; // not ours (a node of an older version announcing in its own words)
  }
}

function listingColumns(listing: MarketListing, seq: number): Json[] {
  return [listing.code, seq, listing.phase, listing.closedAt ?? null, listing.restoredAt ?? null, listing.timeUp ? JSON.stringify(listing.timeUp) : null];
}

/** One change record, in the order applyChange (change-record.ts) gives it: unset, set, del, put, order. */
async function applyRecord(client: pg.PoolClient, id: string, fields: Record<string, Json>, lists: string[], record: ChangeRecord): Promise<void> {
  const dropList = async (list: string) => {
    const at = lists.indexOf(list);
    if (at < 0) return;
    lists.splice(at, 1);
    await client.query("DELETE FROM market_entities WHERE market_id = $1 AND list = $2", [id, list]);
  };
  for (const key of record.unset ?? []) {
    delete fields[key];
    await dropList(key);
  }
  for (const [key, value] of Object.entries(record.set ?? {})) {
    await dropList(key);
    if (Array.isArray(value) && isEntityList(value)) {
      delete fields[key];
      lists.push(key);
      await insertList(client, id, key, value as Entity[]);
    } else fields[key] = value;
  }
  const listOf = (key: string) => {
    if (!lists.includes(key)) throw new Error(`"${key}" is not a list of this market`);
    return key;
  };
  for (const [key, ids] of Object.entries(record.del ?? {})) {
    await client.query("DELETE FROM market_entities WHERE market_id = $1 AND list = $2 AND id = ANY($3)", [id, listOf(key), ids]);
  }
  for (const [key, entities] of Object.entries(record.put ?? {})) {
    // Changed ones keep their place; new ones go last, in the order given.
    await client.query(
      `INSERT INTO market_entities (market_id, list, id, position, body)
       SELECT $1, $2, e->>'id', (SELECT coalesce(max(position), -1) FROM market_entities WHERE market_id = $1 AND list = $2) + t.ord, e
         FROM json_array_elements($3::json) WITH ORDINALITY AS t(e, ord)
       ON CONFLICT (market_id, list, id) DO UPDATE SET body = EXCLUDED.body`,
      [id, listOf(key), JSON.stringify(entities)],
    );
  }
  for (const [key, ids] of Object.entries(record.order ?? {})) {
    await client.query(
      `UPDATE market_entities m SET position = t.ord FROM unnest($3::text[]) WITH ORDINALITY AS t(id, ord)
        WHERE m.market_id = $1 AND m.list = $2 AND m.id = t.id`,
      [id, listOf(key), ids],
    );
  }
}

async function insertList(client: pg.PoolClient, id: string, list: string, entities: Entity[]): Promise<void> {
  if (!entities.length) return;
  await client.query(
    `INSERT INTO market_entities (market_id, list, id, position, body)
     SELECT $1, $2, e->>'id', t.ord, e FROM json_array_elements($3::json) WITH ORDINALITY AS t(e, ord)`,
    [id, list, JSON.stringify(entities)],
  );
}
