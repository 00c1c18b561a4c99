// Who receives what: each live event and each snapshot, as the host, a participant and the
// projector (a viewer) may see it. Defined once here and used by the snapshot (page data) and by
// the realtime layer, which only relays. The rules (docs/decisions/011-event-audiences.md):
//   - the host sees everything (never contacts: those live in follow-ups and exports);
//   - a participant sees the room, plus the connection requests they are a side of, and the
//     circles of their dreams (everyone who gathered) or around others' dreams (their own entry);
//   - the projector sees what it shows: first names, posts on the wall, and accepted connections
//     between people in the room over posts on the wall (the still-open read-out and the harvest);
//   - whoever may not see an event receives its seq alone (a WithheldEvent), so gaps still show.
import { viewerIdOf, type Actor } from "./actor.ts";
import { circleFor } from "./circles.ts";
import type { Harvest, LiveEvent, MarketEvent } from "./events.ts";
import { jsonPart, type JsonPart } from "./json-parts.ts";
import type { LoadedMarket } from "./loaded-market.ts";
import type { Connection } from "./model.ts";
import { firstName, publicParticipant, type PublicConnection, type PublicParticipant, type PublicPost } from "./views.ts";
import { inRoom, onWall, visibleTo } from "./visibility.ts";

/** One event as each audience receives it, worked out when it is published. */
export interface EventAudiences {
  host: MarketEvent;
  /** Every participant not in `concerned`. */
  participants: LiveEvent;
  /** The participants who receive their own version (the sides of a connection request). */
  concerned: ReadonlyMap<string, LiveEvent>;
  viewers: LiveEvent;
  /**
   * The helper desk (desk.ts): what a participant sees, plus what concerns the people added at the
   * desk (a request to one of them, their hidden card), so the desk can answer for them live.
   */
  desk: LiveEvent;
}

const withheld = (event: MarketEvent): LiveEvent => ({ type: "withheld", seq: event.seq });

/** A participant is concerned by a connection when they are one of its two sides. */
export const isSideOf = (connection: Pick<Connection, "offerParticipantId" | "needParticipantId">, participantId: string): boolean =>
  connection.offerParticipantId === participantId || connection.needParticipantId === participantId;

export function participantForViewer(participant: PublicParticipant): PublicParticipant {
  return { ...participant, name: firstName(participant.name) };
}

export function postForViewer(post: PublicPost): PublicPost {
  return { ...post, authorName: firstName(post.authorName) };
}

/**
 * What the projector may hold of a connection: an accepted one, between two people still in the
 * room, over posts still on the wall (a hidden post's text never travels in a connection's copy
 * of it), with first names and without who asked. Undefined for everything else.
 */
export function connectionForViewer(loaded: LoadedMarket, connection: PublicConnection): PublicConnection | undefined {
  if (connection.status !== "accepted") return undefined;
  for (const postId of [connection.offerId, connection.needId]) {
    const post = loaded.postsById.get(postId);
    if (post && !onWall(post)) return undefined;
  }
  for (const participantId of [connection.offerParticipantId, connection.needParticipantId]) {
    const participant = loaded.participantsById.get(participantId);
    if (participant && !inRoom(participant)) return undefined;
  }
  const { requestedBy: _who, acceptedBy: _answers, ...shown } = connection;
  // Someone who left keeps the placeholder the connection names them by ("someone who left").
  const shownName = (participantId: string, name: string) => (loaded.participantsById.has(participantId) ? firstName(name) : name);
  return {
    ...shown,
    offerAuthorName: shownName(connection.offerParticipantId, connection.offerAuthorName),
    needAuthorName: shownName(connection.needParticipantId, connection.needAuthorName),
  };
}

/** The people one audience's snapshot holds: those in the room (first names for the projector). */
export function participantsFor(loaded: LoadedMarket, actor: Actor): PublicParticipant[] {
  const present = loaded.market.participants.filter(inRoom).map(publicParticipant);
  return actor.role === "viewer" ? present.map(participantForViewer) : present;
}

/** The posts one audience's snapshot holds (visibility.ts decides which, here how they look). */
export function postsFor(loaded: LoadedMarket, actor: Actor): PublicPost[] {
  const viewerId = viewerIdOf(actor);
  const visible = loaded.market.posts.filter((post) => visibleTo(post, viewerId)).map((post) => loaded.publicPost(post));
  return actor.role === "viewer" ? visible.map(postForViewer) : visible;
}

/**
 * The people and the posts of a snapshot as JSON, most of its bytes. They are the same for
 * everyone of an audience, so each is serialised once per change of the market
 * (LoadedMarket.sharedJson); only a participant with a hidden post of their own, who alone sees
 * it, has their posts built apart.
 */
export function sharedSnapshotJson(loaded: LoadedMarket, actor: Actor): { participants: JsonPart; posts: JsonPart } {
  // Everyone but the projector sees the room as the host does; the projector, with first names.
  const audience: Actor = actor.role === "viewer" ? actor : { role: "host" };
  const shared = (part: string, build: () => unknown) => loaded.sharedJson(`${part}:${audience.role}`, build);
  const viewerId = viewerIdOf(actor);
  const ownOffWall = viewerId !== undefined && loaded.market.posts.some((post) => post.participantId === viewerId && !onWall(post));
  return {
    participants: shared("participants", () => participantsFor(loaded, audience)),
    posts: ownOffWall ? jsonPart(JSON.stringify(postsFor(loaded, actor))) : shared("posts", () => postsFor(loaded, audience)),
  };
}

/** The connections one audience's snapshot holds. */
export function connectionsFor(loaded: LoadedMarket, actor: Actor): PublicConnection[] {
  const all = loaded.market.connections.map((c) => loaded.publicConnection(c));
  if (actor.role === "host") return all;
  if (actor.role === "participant") return all.filter((c) => isSideOf(c, actor.participantId));
  return all.flatMap((c) => connectionForViewer(loaded, c) ?? []);
}

/** The harvest as the room sees it (first names, the connections the projector may hold). */
function harvestForRoom(loaded: LoadedMarket, harvest: Harvest): Harvest {
  return {
    counts: harvest.counts,
    connectedPeople: harvest.connectedPeople,
    connections: connectionsFor(loaded, { role: "viewer" }).map((c) => ({
      offerAuthorName: c.offerAuthorName,
      needAuthorName: c.needAuthorName,
      offerText: c.offerText,
      needText: c.needText,
    })),
  };
}

/**
 * One event as each audience receives it. Called as the event is published, so `loaded` is the
 * market as the event left it.
 */
export function audiencesOf(loaded: LoadedMarket, event: MarketEvent): EventAudiences {
  const audiences = audiencesBesideDesk(loaded, event);
  // The desk hears an event in the version of the first person it looks after who is concerned.
  const atDesk = [...audiences.concerned.keys()].find((id) => loaded.participantsById.get(id)?.atDesk);
  return { ...audiences, desk: atDesk ? audiences.concerned.get(atDesk)! : audiences.participants };
}

function audiencesBesideDesk(loaded: LoadedMarket, event: MarketEvent): Omit<EventAudiences, "desk"> {
  const same = (forAll: LiveEvent, viewers: LiveEvent = forAll) => ({ host: event, participants: forAll, concerned: new Map<string, LiveEvent>(), viewers });
  switch (event.type) {
    case "participant:joined":
      return same(event, { ...event, participant: participantForViewer(event.participant) });
    case "post:created":
    case "post:updated": {
      // An edit of a hidden post (by its author) is for its author and the host alone.
      if (!onWall(event.post)) return { host: event, participants: withheld(event), concerned: new Map([[event.post.participantId, event]]), viewers: withheld(event) };
      return same(event, { ...event, post: postForViewer(event.post) });
    }
    case "post:removed": {
      if (event.reason !== "hidden") return same(event);
      // The projector drops the accepted connections it held over the post with it.
      const connectionIds = loaded.market.connections.filter((c) => c.status === "accepted" && (c.offerId === event.postId || c.needId === event.postId)).map((c) => c.id);
      return same(event, connectionIds.length ? { ...event, connectionIds } : event);
    }
    case "connection:created":
    case "connection:updated": {
      const { connection } = event;
      const shown = connectionForViewer(loaded, connection);
      return {
        host: event,
        participants: withheld(event),
        concerned: new Map([connection.offerParticipantId, connection.needParticipantId].map((id) => [id, event])),
        viewers: shown ? { ...event, connection: shown } : withheld(event),
      };
    }
    case "participant:left": {
      // Each other side hears about their own connections with the person who left.
      const concerned = new Map<string, LiveEvent>();
      for (const c of event.connections) {
        for (const id of [c.offerParticipantId, c.needParticipantId]) {
          if (id === event.participantId || concerned.has(id)) continue;
          concerned.set(id, { ...event, connections: event.connections.filter((mine) => isSideOf(mine, id)) });
        }
      }
      return {
        host: event,
        participants: { ...event, connections: [] },
        concerned,
        viewers: { ...event, connections: event.connections.flatMap((c) => connectionForViewer(loaded, c) ?? []) },
      };
    }
    case "circle:updated": {
      // Who gathered, and how, is for the dream's author and the host; each gatherer hears of
      // their own entry. The wall's count travels with the dream (post:updated).
      const { circle } = event;
      const concerned = new Map<string, LiveEvent>(circle.people.map((person) => [person.participantId, { ...event, circle: circleFor(circle, person.participantId) }]));
      concerned.set(circle.authorId, event);
      return { host: event, participants: withheld(event), concerned, viewers: withheld(event) };
    }
    case "market:closed": {
      const forRoom = { ...event, harvest: harvestForRoom(loaded, event.harvest) };
      return same(forRoom);
    }
    case "phase:changed":
    case "market:deleted":
    case "market:reset":
    case "round:changed":
    case "facilitation:changed":
    case "participant:removed":
      return same(event);
  }
}
