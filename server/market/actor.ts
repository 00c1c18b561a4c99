// Who is asking, and the checks every command module makes on it.
import { forbidden, unauthenticated } from "./errors.ts";

/**
 * Who is asking. Resolved once per request or socket from the bearer secret. A helper holds the
 * helper desk's link (desk.ts): they act only for the people added at the desk, and steer nothing.
 */
export type Actor =
  | { role: "host" }
  | { role: "helper" }
  | { role: "participant"; participantId: string }
  | { role: "viewer" };

/** Where a request came from, for the per-address limits (the transport knows; may be unknown). */
export interface RequestOrigin {
  address?: string;
}

/** The participant an actor is, for the visibility rules (undefined for the host and viewers). */
export const viewerIdOf = (actor: Actor): string | undefined => (actor.role === "participant" ? actor.participantId : undefined);

export function requireParticipant(actor: Actor): string {
  if (actor.role === "participant") return actor.participantId;
  if (actor.role === "host") throw forbidden("host_cannot_take_part");
  throw unauthenticated();
}

export function requireMember(actor: Actor): void {
  if (actor.role === "viewer") throw unauthenticated();
  // A helper acts as the desk's people (desk.ts), never in their own name.
  if (actor.role === "helper") throw forbidden("helper_acts_for_someone");
}

/** The host or a helper at the desk. */
export function requireDesk(actor: Actor): void {
  if (actor.role !== "host" && actor.role !== "helper") throw forbidden("desk_only");
}

export function requireHost(actor: Actor): void {
  if (actor.role !== "host") throw forbidden("not_host");
}
