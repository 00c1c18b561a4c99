// Dreams on the phone: gathering around someone's dream ("I'm in", "I can help with …", "I need
// this too"), the dreamer accepting people into the circle, the circle in the follow-ups, and
// saying what happened after ("we met", "we're in touch", "didn't happen").
import { useFetcher } from "@remix-run/react";
import { FormError } from "~/components/form-error";
import { ContactLink } from "~/components/contact-link";
import { useT } from "~/lib/i18n";
import { useNextClientId } from "~/lib/mine";
import { refusalOf } from "~/lib/refusal";
import type { ActionResult } from "~/lib/route-helpers.server";
import type { CircleFollowUp, GatheredPerson, MyCircle } from "../../server/market/circles.ts";
import { LIMITS } from "../../server/market/field-limits.ts";
import { SIDES, KINDS } from "../../server/market/kinds.ts";
import { OUTCOMES, type Outcome } from "../../server/market/model.ts";
import type { PublicPost } from "../../server/market/views.ts";

/** How a person comes with a card of theirs: "I can help with …", "I need this too". */
export const WAY_WORDS = { offer: "dream.canHelp", need: "dream.needToo" } as const;
const OUTCOME_WORDS: Record<Outcome, string> = { met: "followThrough.met", in_touch: "followThrough.inTouch", did_not_happen: "followThrough.didNotHappen" };

/** How many gathered around a dream (shown on the wall and on phones). */
export function GatheredCount({ post }: { post: PublicPost }) {
  const t = useT();
  if (post.gathered === undefined) return null;
  return (
    <p className="gathered-count" data-testid="gathered-count">
      {t("dream.gatheredCount", { count: post.gathered })}
    </p>
  );
}

/** On someone else's dream: gather around it, or see where my gathering stands. */
/** `clientId` names a new card written here, so a resent form (bad Wi-Fi) never posts it twice. */
export function GatherAround({ dream, mine, circle, clientId: firstClientId }: { dream: PublicPost; mine: PublicPost[]; circle?: MyCircle; clientId: string }) {
  const t = useT();
  const fetcher = useFetcher<ActionResult>();
  // What gathering changes comes back live (circle:updated): the page does not reload.
  const clientId = useNextClientId(firstClientId, fetcher.data);
  const me = circle?.people[0];
  if (me) return <p className="connection-state">{me.status === "accepted" ? t("dream.inCircle") : t("dream.sent")}</p>;
  const busy = fetcher.state !== "idle";
  return (
    <div className="dream-gather" data-testid="gather">
      <fetcher.Form method="post">
        <input type="hidden" name="intent" value="gather" />
        <input type="hidden" name="dreamId" value={dream.id} />
        <button className="button small" type="submit" name="way" value="in" disabled={busy}>
          {t("dream.imIn")}
        </button>
      </fetcher.Form>
      {SIDES.map((way) => {
        const myCards = mine.filter((p) => p.kind === way);
        return (
          <details key={way} className="connect">
            <summary className="button small secondary">{t(WAY_WORDS[way])}</summary>
            <fetcher.Form method="post" className="stack">
              <input type="hidden" name="intent" value="gather" />
              <input type="hidden" name="dreamId" value={dream.id} />
              <input type="hidden" name="way" value={way} />
              <input type="hidden" name="clientId" value={`${clientId}-${way}`} />
              {myCards.length > 0 ? (
                <>
                  <label htmlFor={`gather-${way}-${dream.id}`}>{t("dream.withMine")}</label>
                  <select id={`gather-${way}-${dream.id}`} name="postId" defaultValue={myCards[0]?.id}>
                    {myCards.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.text.slice(0, 60)}
                      </option>
                    ))}
                    <option value="new">{t("phone.somethingNew")}</option>
                  </select>
                </>
              ) : (
                <input type="hidden" name="postId" value="new" />
              )}
              <label htmlFor={`gather-text-${way}-${dream.id}`}>{myCards.length > 0 ? t("dream.writeMine") : t(KINDS[way].words.writeMine)}</label>
              <textarea id={`gather-text-${way}-${dream.id}`} name="text" rows={2} maxLength={LIMITS.postText} />
              <button className="button" type="submit" disabled={busy}>
                {t("dream.join")}
              </button>
            </fetcher.Form>
          </details>
        );
      })}
      <FormError refusal={refusalOf(fetcher.data)} />
    </div>
  );
}

/** On my own dreams: who gathered, and accepting them into the circle. */
export function WhoGathered({ circles }: { circles: MyCircle[] }) {
  const t = useT();
  const mine = circles.filter((c) => c.mine && c.people.length > 0);
  if (mine.length === 0) return null;
  return (
    <section className="card" aria-labelledby="gathered-heading" data-testid="who-gathered">
      <h2 id="gathered-heading">{t("dream.whoGathered")}</h2>
      {mine.map((circle) => (
        <div key={circle.circleId}>
          <h3>{circle.dreamText}</h3>
          <ul className="circle-list">
            {circle.people.map((person) => (
              <GatheredRow key={person.participantId} dreamId={circle.dreamId} person={person} />
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

function GatheredRow({ dreamId, person }: { dreamId: string; person: GatheredPerson }) {
  const t = useT();
  const fetcher = useFetcher<ActionResult>();
  const how = person.way === "in" ? t("dream.wayIn") : t(person.way === "offer" ? "dream.wayOffer" : "dream.wayNeed", { text: person.text ?? "" });
  return (
    <li data-testid="gathered-person">
      <strong>{person.name}</strong> {how}{" "}
      {person.status === "accepted" ? (
        <span className="hint">{t("dream.accepted")}</span>
      ) : (
        <fetcher.Form method="post" className="button-row">
          <input type="hidden" name="intent" value="accept-circle" />
          <input type="hidden" name="dreamId" value={dreamId} />
          <input type="hidden" name="participantId" value={person.participantId} />
          <button className="button small" type="submit" disabled={fetcher.state !== "idle"}>
            {t("dream.accept")}
          </button>
        </fetcher.Form>
      )}
      <FormError refusal={refusalOf(fetcher.data)} />
    </li>
  );
}

/** A formed circle in my follow-ups: the others, with their contacts. */
export function CircleFollowUps({ circles, outcomes }: { circles: CircleFollowUp[]; outcomes?: Record<string, Outcome> }) {
  const t = useT();
  return (
    <>
      {circles.map((circle) => (
        <li key={circle.circleId} className="card" data-testid="circle-follow-up">
          <h2>{t("dream.circleOf", { dream: circle.dreamText })}</h2>
          <ul className="circle-list">
            {circle.members.map((m, i) => (
              <li key={i} data-testid="circle-member">
                <strong>{m.name}</strong> {m.contact ? <ContactLink contact={m.contact} /> : null}
                {m.text && <span className="hint">{m.text}</span>}
              </li>
            ))}
          </ul>
          {outcomes && <FollowThrough relation="circle" relationId={circle.circleId} said={outcomes[`circle:${circle.circleId}`]} />}
        </li>
      ))}
    </>
  );
}

/** "We met", "we're in touch", "didn't happen": one person's word on one connection or circle. */
export function FollowThrough({ relation, relationId, said }: { relation: "connection" | "circle"; relationId: string; said?: Outcome }) {
  const t = useT();
  const fetcher = useFetcher<ActionResult>();
  return (
    <fetcher.Form method="post" className="follow-through" data-testid="follow-through">
      <span className="hint">{t("followThrough.question")}</span>
      <input type="hidden" name="intent" value="follow-through" />
      <input type="hidden" name="relation" value={relation} />
      <input type="hidden" name="relationId" value={relationId} />
      {OUTCOMES.map((outcome) => (
        <button key={outcome} className={`button small${said === outcome ? "" : " secondary"}`} aria-pressed={said === outcome} type="submit" name="outcome" value={outcome} disabled={fetcher.state !== "idle"}>
          {t(OUTCOME_WORDS[outcome])}
        </button>
      ))}
      <FormError refusal={refusalOf(fetcher.data)} />
    </fetcher.Form>
  );
}
