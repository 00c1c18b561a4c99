// Several nodes: socket.io's PostgreSQL adapter sends a broadcast to the other nodes first (a
// NOTIFY over a connection pool; a message over 8 kB, an INSERT and then a NOTIFY) and to this
// node's own sockets only once that is done. Two messages of one market in a row could then go
// out, and reach every screen, in either order: a batch of posts after the small event that
// followed it. Each screen would see a seq gap and fetch the whole room again (at a burst, every
// phone at once). Here each market's messages go to the store one after the other: the next
// waits for the one before it, so they leave in the order they were sent, here and elsewhere.
// Different markets still go out side by side. What a node sends its own sockets alone (the
// heartbeat) waits for that market's messages to go out first (`afterPublished`): a beat must not
// announce a seq whose event the database still holds.
import type { Adapter } from "socket.io-adapter";
import type { ServerOptions } from "socket.io";

/** What the cluster adapter publishes (socket.io-adapter's ClusterMessage, not exported). */
type Published = { type: number; data?: { opts?: { rooms?: string[] } } };
type Publishing = Adapter & { doPublish(message: Published): Promise<string> };

/** The adapter publishing in order, as socket.io's namespace holds it. */
export interface PublishingInOrder {
  /** Runs `then` once no message of `market` is on its way: every one published has reached this node's sockets too. */
  afterPublished(market: string, then: () => void): void;
}

type AdapterFactory = Exclude<ServerOptions["adapter"], undefined>;

/**
 * `adapter` as socket.io takes it (createAdapter's result), publishing each market's messages in
 * order. `marketOfRoom`: the market a room belongs to (undefined: not a market's room).
 */
export function publishingInOrder(adapter: AdapterFactory, marketOfRoom: (room: string) => string | undefined): AdapterFactory {
  // socket.io calls `new` on it (a class or a factory), so a plain function, not an arrow.
  return function inOrder(namespace: unknown) {
    const made = new (adapter as unknown as new (namespace: unknown) => Publishing & PublishingInOrder)(namespace);
    const publish = made.doPublish.bind(made);
    const last = new Map<string, Promise<unknown>>();
    made.doPublish = (message) => {
      const rooms = message.data?.opts?.rooms ?? [];
      const market = rooms.map(marketOfRoom).find((id) => id !== undefined);
      if (market === undefined) return publish(message);
      const sent = (last.get(market) ?? Promise.resolve()).then(() => publish(message));
      const settled = sent.catch(() => undefined);
      last.set(market, settled);
      // Forgotten once nothing waits behind it: a node serving many markets keeps no map of them all.
      void settled.then(() => {
        if (last.get(market) === settled) last.delete(market);
      });
      return sent;
    };
    made.afterPublished = (market, then) => {
      const pending = last.get(market);
      if (!pending) return then();
      // A message reaches this node's sockets in a continuation after its publish: a turn of the
      // event loop later, it has. Others may have been published meanwhile: they are waited for too.
      void pending.then(() => setImmediate(() => made.afterPublished(market, then)));
    };
    return made;
  } as unknown as AdapterFactory;
}
