// Work that must run on one node at a time: the round timers and the retention sweep. A Lease
// runs that work while this node holds it and stops it when lost; one node alone always holds it,
// several nodes share one through the database (server/store/postgres-lease.ts).
export interface Lease {
  /**
   * Runs `lead` whenever this node comes to hold the lease, and the stop it returns when the lease
   * is lost or at close. Resolves once the first try is over: a node that holds the lease at
   * start-up has started the work (so overdue time-ups are marked before it listens).
   */
  hold(lead: () => Promise<() => void>): Promise<void>;
  /** Whether this node holds it now (the /metrics gauge market_leader). */
  readonly held: boolean;
  close(): Promise<void>;
}

/** One node: it always holds the lease. */
export function soleNodeLease(): Lease {
  let stop: (() => void) | undefined;
  return {
    held: true,
    async hold(lead) {
      stop = await lead();
    },
    async close() {
      stop?.();
      stop = undefined;
    },
  };
}
