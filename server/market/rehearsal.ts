// Prepared ahead: a market set up days before (title, agenda, categories, language, the poster) can
// be rehearsed with test phones and then reset to empty. A reset keeps what was prepared: the join
// code (the printed poster still works), the host key, the helper link, the agenda (back before its
// first stage, with the host's edits), categories, language and settings. Everything the rehearsal
// made goes: people, cards, drafts, connections, rounds, tables, personal codes, the moderation
// history. The store compacts on a removal, so no rehearsal contact lives on in its journal
// (docs/decisions/006); docs/decisions/016-rehearse-then-reset.md says why the guard is a flag.
//
// The guard: a reset is only possible while the market is in rehearsal, and a rehearsal can only
// start while the market is empty. So a real evening, with real people's contacts, can never be
// wiped by a reset pressed in the wrong tab (the host can still delete the market on purpose).
import { requireHost, type Actor } from "./actor.ts";
import { conflict } from "./errors.ts";
import type { LoadedMarket } from "./loaded-market.ts";
import type { MarketRegistry } from "./market-registry.ts";
import type { Market } from "./model.ts";
import { parseInput, rehearsalInput, resetInput } from "./schemas.ts";
import { emitFacilitation } from "./facilitation-service.ts";
import { facilitationView } from "./views.ts";

/** What a reset would remove, for the host's preview ("this removes N people, M cards"). */
export interface ResetPreview {
  people: number;
  cards: number;
  connections: number;
}

export const isRehearsing = (market: Pick<Market, "rehearsal">): boolean => market.rehearsal !== undefined;

/** Nothing made in the room yet: no person, no card (a rehearsal may start). */
const isEmpty = (market: Market): boolean => market.participants.length === 0 && market.posts.length === 0 && !market.drafts?.length;

export function resetPreviewOf(market: Market): ResetPreview {
  return { people: market.participants.length, cards: market.posts.length + (market.drafts?.length ?? 0), connections: market.connections.length };
}

/**
 * Empties the market back to what was prepared, in memory (the lookups too). The caller commits;
 * removing entities makes the store rewrite its snapshot and drop the journal.
 */
export function resetToPrepared(loaded: LoadedMarket): void {
  const { market } = loaded;
  for (const post of market.posts) loaded.unindexPost(post);
  for (const participant of market.participants) loaded.unindexParticipant(participant);
  market.participants = [];
  market.posts = [];
  market.connections = [];
  loaded.recountConnections();
  market.phase = "lobby";
  // The agenda keeps its stages and the host's edits, and waits before its first stage again.
  const agenda = loaded.agenda();
  const { stageStartedAt: _started, ...kept } = agenda;
  market.agenda = { ...kept, currentId: null };
  // Moves of the rehearsal's evening go too: a door locked or both kinds opened while rehearsing
  // must not greet the real room. Prepared settings (capacity, the projector's category) stay.
  // The rehearsal's dreams' circles and follow-through marks go with its people; dreams opened while rehearsing close.
  for (const field of ["drafts", "round", "groups", "history", "closedAt", "rehearsal", "postingOverride", "joiningLocked", "circles", "followThrough", "dreamsOpen"] as const) delete market[field];
  // Tables are gone: the projector shows the (empty) wall.
  if (market.projectorView === "tables") market.projectorView = "wall";
}

export class MarketRehearsal {
  constructor(private readonly registry: MarketRegistry) {}

  /** Starts (`on: true`) or ends a rehearsal. Starting asks for an empty market. */
  async setRehearsal(code: string, actor: Actor, input: unknown): Promise<boolean> {
    requireHost(actor);
    const { on } = parseInput(rehearsalInput, input);
    return this.registry.change(code, (change) => {
      const { market } = change;
      if (on === isRehearsing(market)) return on;
      if (on) {
        if (!isEmpty(market)) throw conflict("rehearsal_needs_empty_market");
        market.rehearsal = { startedAt: change.timestamp };
      } else delete market.rehearsal;
      emitFacilitation(change);
      return on;
    });
  }

  async preview(code: string, actor: Actor): Promise<ResetPreview & { rehearsal: boolean }> {
    requireHost(actor);
    return this.registry.read(code, ({ market }) => ({ ...resetPreviewOf(market), rehearsal: isRehearsing(market) }));
  }

  /** Resets a rehearsed market to empty (the host confirmed the preview). Returns what it removed. */
  async reset(code: string, actor: Actor, input: unknown): Promise<ResetPreview> {
    requireHost(actor);
    parseInput(resetInput, input);
    return this.registry.change(code, (change) => {
      const { loaded, market } = change;
      if (!isRehearsing(market)) throw conflict("reset_needs_rehearsal");
      const removed = resetPreviewOf(market);
      resetToPrepared(loaded);
      change.emit("market:reset", {
        phase: market.phase,
        counts: loaded.counts(),
        facilitation: facilitationView(market, loaded.agenda()),
        serverNow: change.now,
      });
      return removed;
    });
  }
}

