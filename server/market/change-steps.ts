// The steps of one change that the server times for its metrics (server/http/metrics.ts), so an
// operator, and the fan-out bench (bench/fanout-breakdown.ts), can see where a change's time goes.
export type ChangeStep =
  /** A POST to the API, arrival to response sent. */
  | "http"
  /** Its way in: arrival until its route starts (the middleware, the body, the router). */
  | "request"
  /** The command itself: validate, authorise, change the market, index it, queue its events. */
  | "command"
  /** Its change record taken and handed to the store. */
  | "record"
  /** Handed to the store until durable. */
  | "durable"
  /** Durable until its events are handed to the live layer. */
  | "publish"
  /** Handed to the live layer until its message goes out. */
  | "emit-wait"
  /** One live message to every audience of a market: serialised once per audience, written to every socket. */
  | "emit";

export type TimeStep = (step: ChangeStep, seconds: number) => void;

export const untimed: TimeStep = () => {};

/** Seconds since `start` (a performance.now()). */
export const secondsSince = (start: number): number => (performance.now() - start) / 1000;
