// The sharing round on the console: start one (cards of the stage's kind by default), then the
// speaker, the clock, "Next person", pause, +30 s, skip, pick anyone, end.
import { Trans } from "react-i18next";
import { KINDS, POST_KINDS } from "../../server/market/kinds.ts";
import type { MarketSnapshot } from "../../server/market/views.ts";
import { roundTurn } from "../../server/market/round.ts";
import { useT } from "~/lib/i18n";
import { RoundCountdown } from "./facilitation";
import { Act, FormWithError } from "./host-act";

export function RoundPanel({ market }: { market: MarketSnapshot }) {
  const round = market.round?.status === "running" ? market.round : undefined;
  const { plan, openKinds } = market.facilitation;
  const focus = plan.roundFocus ?? (openKinds.length === 1 ? openKinds[0]! : "both");
  const people = market.participants;
  const t = useT();
  const name = (id: string | null) => (id ? (people.find((p) => p.id === id)?.name ?? t("stage.someoneWhoLeft")) : "—");
  return (
    <section className="card" aria-labelledby="round-heading">
      <h2 id="round-heading">{t("round.heading")}</h2>
      {round ? (
        <>
          <p data-testid="host-speaker">
            {round.scope === "tables" ? t("round.turnAtTables", { n: round.slot + 1 }) : <Trans i18nKey="round.speaking" values={{ name: name(round.speakerId) }} components={{ b: <strong /> }} />}
          </p>
          <RoundCountdown round={round} serverNow={market.serverNow} />
          <div className="button-row">
            <Act intent="round" fields={{ action: "next", from: roundTurn(round) }} className="button">
              {t("round.next")}
            </Act>
            {round.clock.status === "paused" ? (
              <Act intent="round" fields={{ action: "resume" }}>{t("round.resume")}</Act>
            ) : (
              <Act intent="round" fields={{ action: "pause" }}>{t("round.pause")}</Act>
            )}
            <Act intent="round" fields={{ action: "add", seconds: 30 }}>{t("round.add30")}</Act>
            <Act intent="round" fields={{ action: "skip" }}>{t("agenda.skip")}</Act>
            <Act intent="round" fields={{ action: "end" }} className="button small danger">
              {t("round.end")}
            </Act>
          </div>
          {round.scope === "room" && (
            <FormWithError intent="round">
              <input type="hidden" name="action" value="pick" />
              <label>
                {t("round.pick")}
                <select name="participantId" defaultValue="">
                  <option value="" disabled>
                    {t("round.choose")}
                  </option>
                  {people.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                      {round.heard.includes(p.id) ? t("round.heardMark") : ""}
                    </option>
                  ))}
                </select>
              </label>
              <button className="button small" type="submit">
                {t("round.spotlight")}
              </button>
            </FormWithError>
          )}
          <p className="hint">
            {t("screen.heard", { heard: round.heard.length, total: round.order.length })}
          </p>
        </>
      ) : (
        <FormWithError intent="round" className="stack">
          <input type="hidden" name="action" value="start" />
          <div className="inline-form">
            <label>
              {t("round.cards")}
              {/* The stage's kind by default (keyed, so a new stage resets it). */}
              <select name="focus" key={focus} defaultValue={focus}>
                {POST_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(KINDS[kind].words.plural)}
                  </option>
                ))}
                <option value="both">{t("round.both")}</option>
              </select>
            </label>
            <label>
              {t("round.seconds")}
              <input name="seconds" type="number" min={10} max={900} defaultValue={60} />
            </label>
            <label>
              {t("round.who")}
              <select name="scope" defaultValue="room">
                <option value="room">{t("round.room")}</option>
                <option value="tables" disabled={market.facilitation.tables.length === 0}>
                  {t("round.tables")}
                </option>
              </select>
            </label>
          </div>
          <button className="button" type="submit">
            {t("round.start")}
          </button>
        </FormWithError>
      )}
    </section>
  );
}

