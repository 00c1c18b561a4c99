// A market's life: created or restored from an export, its phases, its harvest, and its end
// (deleted by the host, or purged when its retention time runs out).
import { releaseDrafts } from "./drafts.ts";
import { connectedPeopleOf } from "./circles.ts";
import { requireHost, type Actor, type RequestOrigin } from "./actor.ts";
import { currentStage, firstStageOfPhase, goToStage } from "./agenda.ts";
import type { Harvest } from "./events.ts";
import { hashSecret, newId, newSecret } from "./identity.ts";
import type { MarketLimits } from "./limits.ts";
import { LoadedMarket } from "./loaded-market.ts";
import type { MarketRegistry } from "./market-registry.ts";
import { marketFromImport } from "./import-market.ts";
import { SCHEMA_VERSION, type Market } from "./model.ts";
import { isDueForPurge } from "./retention.ts";
import { conflict } from "./errors.ts";
import { createMarketInput, parseInput, phaseInput } from "./schemas.ts";
import { facilitationView, summaryOf, type MarketSummary } from "./views.ts";

export type CreatedMarket = { market: MarketSummary & { id: string }; hostKey: string };

export class MarketLifecycle {
  constructor(
    private readonly registry: MarketRegistry,
    private readonly limits: MarketLimits,
  ) {}

  async createMarket(input: unknown, from: RequestOrigin = {}): Promise<CreatedMarket> {
    const { title } = parseInput(createMarketInput, input);
    if (from.address) await this.limits.consume("createMarket", from.address);
    const hostKey = newSecret();
    const market: Market = {
      schemaVersion: SCHEMA_VERSION,
      id: newId(),
      code: await this.registry.unusedJoinCode(),
      title,
      hostKeyHash: hashSecret(hostKey),
      phase: "lobby",
      createdAt: this.registry.timestamp(),
      seq: 0,
      participants: [],
      posts: [],
      connections: [],
    };
    await this.registry.add(market);
    return { market: { id: market.id, ...summaryOf(market) }, hostKey };
  }

  /**
   * Restores a market from a JSON export (import-market.ts) under a new id, join code and host
   * key: a host action like creating one, counted against the same per-address limit and held to
   * the live rules and caps. Contacts not shared with the host are not in the export: they stay empty.
   */
  async importMarket(input: unknown, from: RequestOrigin = {}): Promise<CreatedMarket> {
    if (from.address) await this.limits.consume("createMarket", from.address);
    const hostKey = newSecret();
    const fresh = {
      id: newId(),
      code: await this.registry.unusedJoinCode(),
      hostKeyHash: hashSecret(hostKey),
      // Participants' tokens never leave their server: a restored participant cannot sign in.
      unusableTokenHash: () => hashSecret(newSecret()),
      now: this.registry.timestamp(),
    };
    const market = await marketFromImport(input, fresh, this.limits.config);
    const loaded = await this.registry.add(market, await LoadedMarket.inSlices(market));
    // The counts the loaded market keeps: a recount of a market at the caps is one more long block.
    return { market: { id: market.id, ...summaryOf(market, loaded.counts()) }, hostKey };
  }

  /** Deletes a market with everything in it, for good (the host's "Delete market"). */
  async deleteMarket(code: string, actor: Actor): Promise<void> {
    const loaded = await this.registry.byCode(code);
    requireHost(actor);
    await this.registry.purge(loaded, "host");
  }

  /**
   * Deletes every market whose retention time has run out (RETENTION_DAYS after closing).
   * Run at start-up and periodically by the server; the clock is the service's `now`.
   */
  async purgeExpired(retentionDays: number): Promise<string[]> {
    const now = this.registry.now();
    const purged: string[] = [];
    for (const listing of await this.registry.store.listings()) {
      if (!isDueForPurge(listing, retentionDays, now)) continue;
      const loaded = await this.registry.byId(listing.id);
      if (!loaded || !isDueForPurge(loaded.market, retentionDays, now)) continue; // reopened meanwhile
      await this.registry.purge(loaded, "retention");
      purged.push(listing.code);
    }
    return purged;
  }

  /**
   * Every round whose turn is still counting down, with the service's now. Timers die with the
   * process, so after a restart the server schedules these again (markets load lazily, but the
   * store holds them all). Includes turns whose deadline passed while the server was down.
   */
  async roundsCountingDown(): Promise<{ serverNow: number; rounds: Array<{ marketId: string; roundId: string; deadline: number }> }> {
    const rounds: Array<{ marketId: string; roundId: string; deadline: number }> = [];
    for (const { id, timeUp } of await this.registry.store.listings()) {
      if (timeUp) rounds.push({ marketId: id, ...timeUp });
    }
    return { serverNow: this.registry.now().getTime(), rounds };
  }

  async summary(code: string): Promise<MarketSummary> {
    const loaded = await this.registry.byCode(code);
    return summaryOf(loaded.market, loaded.counts());
  }

  /** The market's id, code and current seq (for a host link, a live socket), or not found. */
  async locate(idOrCode: string): Promise<{ id: string; code: string; title: string; seq: number }> {
    const loaded = (await this.registry.byId(idOrCode)) ?? (await this.registry.byCode(idOrCode));
    return { id: loaded.market.id, code: loaded.market.code, title: loaded.market.title, seq: loaded.market.seq };
  }

  async changePhase(code: string, actor: Actor, input: unknown): Promise<MarketSummary> {
    const loaded = await this.registry.byCode(code);
    requireHost(actor);
    const { phase, from } = parseInput(phaseInput, input);
    return this.registry.change(loaded, ({ market, emit, declare }) => {
      // Two consoles steering at once: a move made from a view of another phase is refused.
      if (from !== undefined && from !== market.phase) throw conflict("stale_phase_move");
      if (phase === market.phase) {
        declare.nothing();
        return summaryOf(market, loaded.counts());
      }
      declare.field("agenda"); // the phase and closedAt are plain values: the chain finds them
      const closing = phase === "closed";
      market.phase = phase;
      if (closing) market.closedAt = this.registry.timestamp();
      else delete market.closedAt;
      emit("phase:changed", { phase });
      // While the agenda runs, a plain phase change lands on that phase's first stage.
      const agenda = market.agenda;
      if (agenda?.currentId && currentStage(agenda)?.phase !== phase) {
        const landing = firstStageOfPhase(agenda, phase);
        market.agenda = landing ? goToStage(agenda, landing.id, this.registry.now().getTime()) : { ...agenda, currentId: null };
        const serverNow = this.registry.now().getTime();
        emit("facilitation:changed", { facilitation: facilitationView(market, loaded.agenda()), serverNow });
      }
      if (closing) emit("market:closed", { harvest: harvestOf(loaded) });
      // Cards written for a kind that has just opened go up now (with their requests).
      releaseDrafts(loaded, this.registry.timestamp(), emit, declare);
      return summaryOf(market, loaded.counts());
    });
  }

  /** The room's harvest: counts and who connected over what. Never contacts. */
  async harvest(code: string): Promise<Harvest> {
    return harvestOf(await this.registry.byCode(code));
  }
}

/** The harvest as it stands (also sent when the agenda reaches its closing stage). */
export function harvestOf(loaded: LoadedMarket): Harvest {
  return {
    counts: loaded.counts(),
    connectedPeople: connectedPeopleOf(loaded.market),
    connections: loaded.market.connections
      .filter((c) => c.status === "accepted")
      .map((c) => ({
        offerAuthorName: loaded.nameOf(c.offerParticipantId),
        needAuthorName: loaded.nameOf(c.needParticipantId),
        offerText: c.offerText,
        needText: c.needText,
      })),
  };
}
