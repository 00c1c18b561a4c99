// The lease for the work one node does at a time (server/lease.ts), as a PostgreSQL session
// advisory lock held on a connection of its own: whoever holds the lock does the work, the other
// nodes try again every few seconds. When the holder dies its connection drops, the database frees
// the lock, and the next try of another node takes it over. docs/decisions/015-several-nodes.md.
import pg from "pg";
import type { Lease } from "../lease.ts";

/** The lock's key: a constant no other advisory lock of the application uses. */
const LOCK_KEY = "730276501";

export class PostgresAdvisoryLease implements Lease {
  held = false;
  private client?: pg.Client;
  private lead?: () => Promise<() => void>;
  private stopWork?: () => void;
  private trying?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly retryMs = 3_000,
  ) {}

  async hold(lead: () => Promise<() => void>): Promise<void> {
    this.lead = lead;
    await this.tryOnce();
    this.timer = setInterval(() => void this.tryOnce(), this.retryMs);
    this.timer.unref();
  }

  private tryOnce(): Promise<void> {
    return (this.trying ??= this.attempt().finally(() => (this.trying = undefined)));
  }

  private async attempt(): Promise<void> {
    if (this.closed) return;
    let client = this.client;
    try {
      // Held: the connection still answering means the lock is still ours.
      if (this.held) return void (await client!.query("SELECT 1"));
      if (!client) {
        // A connection that hangs rather than drops must not keep this node working: a try that
        // takes longer than the retry period counts as the lease lost.
        client = new pg.Client({ connectionString: this.databaseUrl, keepAlive: true, query_timeout: this.retryMs });
        const lost = () => this.lose(client!);
        client.on("error", lost);
        client.on("end", lost);
        await client.connect();
        this.client = client;
      }
      const { rows } = await client.query<{ got: boolean }>("SELECT pg_try_advisory_lock($1::bigint) AS got", [LOCK_KEY]);
      if (!rows[0]?.got || this.closed) return;
      this.held = true;
      this.stopWork = await this.lead!();
    } catch (error) {
      console.error("Lease (round timers, retention sweep):", error instanceof Error ? error.message : error);
      if (client) this.lose(client);
    }
  }

  /** The connection is gone or failed, and the lock with it: stop the work, try again later. */
  private lose(client: pg.Client): void {
    if (client !== this.client && this.client) return;
    this.client = undefined;
    void client.end().catch(() => {});
    if (!this.held) return;
    this.held = false;
    this.stopWork?.();
    this.stopWork = undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.trying;
    this.held = false;
    this.stopWork?.();
    this.stopWork = undefined;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }
}
