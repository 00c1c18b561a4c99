// The helper desk's parts (app/routes/desk.$code.tsx): the people it looks after, the one it is
// acting for (their cards, asking to connect, answering, their follow-ups), and the host's
// helper link. Plain forms, so a borrowed laptop without JavaScript still works.
import { Form, Link } from "@remix-run/react";
import { nanoid } from "nanoid";
import { FormError } from "~/components/form-error";
import { kindLabel } from "~/components/post-card";
import { useT } from "~/lib/i18n";
import { refusalOf } from "~/lib/refusal";
import type { DeskPerson } from "../../server/market/desk.ts";
import { POST_KINDS } from "../../server/market/kinds.ts";
import type { FollowUp, MarketSnapshot, PublicConnection } from "../../server/market/views.ts";
import type { DeskActionResult } from "~/routes/desk.$code";

export function DeskPeople({ people, currentId, result, code }: { people: DeskPerson[]; currentId?: string; result?: DeskActionResult; code: string; origin: string }) {
  const t = useT();
  const added = result?.intent === "add-person" && result.ok ? result.added : undefined;
  return (
    <section className="card stack" aria-labelledby="desk-people-heading">
      <h2 id="desk-people-heading">{t("desk.people")}</h2>
      {people.length === 0 ? (
        <p className="hint">{t("desk.nobodyYet")}</p>
      ) : (
        <ul className="plain-list desk-people">
          {people.map((p) => (
            <li key={p.id}>
              <Link to={`/desk/${code}?person=${p.id}`} aria-current={p.id === currentId ? "page" : undefined}>
                {p.name}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {added && (
        <p className="notice" role="status" data-testid="desk-added">
          {t("desk.added", { name: added.name })} <strong className="personal-code">{added.personalCode}</strong>
        </p>
      )}
      <Form method="post" className="stack" aria-labelledby="desk-add-heading">
        <h3 id="desk-add-heading">{t("desk.addPerson")}</h3>
        <input type="hidden" name="intent" value="add-person" />
        <label htmlFor="desk-name">{t("desk.name")}</label>
        <input id="desk-name" name="name" maxLength={60} required autoComplete="off" />
        <label htmlFor="desk-contact">{t("desk.contactField")}</label>
        <input id="desk-contact" name="contact" maxLength={120} required autoComplete="off" placeholder={t("join.contactPlaceholder")} />
        <label className="check">
          <input type="checkbox" name="shareContactWithHost" />
          <span>{t("join.shareWithHost")}</span>
        </label>
        {result?.intent === "add-person" && <FormError refusal={refusalOf(result)} />}
        <button type="submit" className="button">
          {t("desk.add")}
        </button>
      </Form>
    </section>
  );
}

interface Acting {
  person: DeskPerson;
  market: MarketSnapshot;
  followUps: FollowUp[];
}

export function DeskPersonPanel({ acting, result }: { acting: Acting; result?: DeskActionResult }) {
  const t = useT();
  const { person, market, followUps } = acting;
  const theirs = market.posts.filter((p) => p.participantId === person.id);
  const others = market.posts.filter((p) => p.participantId !== person.id && (p.kind === "offer" || p.kind === "need"));
  const sideOf = (c: PublicConnection) => (c.offerParticipantId === person.id ? "offer" : "need");
  const toAnswer = market.connections.filter(
    (c) => c.status === "pending" && (c.offerParticipantId === person.id || c.needParticipantId === person.id) && !(c.acceptedBy ?? []).includes(sideOf(c)),
  );
  const refusal = (intent: string) => (result?.intent === intent ? <FormError refusal={refusalOf(result)} /> : null);
  const personField = <input type="hidden" name="personId" value={person.id} />;
  return (
    <section className="card stack desk-person" aria-labelledby="desk-person-heading">
      <h2 id="desk-person-heading">{t("desk.actingFor", { name: person.name })}</h2>
      <p className="hint">{person.contact}</p>

      <h3>{t("desk.theirCards")}</h3>
      {theirs.length === 0 ? (
        <p className="hint">{t("desk.noCards")}</p>
      ) : (
        <ul className="plain-list" data-testid="desk-cards">
          {theirs.map((p) => (
            <li key={p.id}>
              <strong>{kindLabel(p.kind, t)}:</strong> {p.text}
            </li>
          ))}
        </ul>
      )}
      <Form method="post" className="stack" aria-labelledby="desk-card-heading" key={`card-${theirs.length}`}>
        <h4 id="desk-card-heading">{t("desk.addCard")}</h4>
        {personField}
        <input type="hidden" name="intent" value="post" />
        <input type="hidden" name="clientId" value={nanoid(16)} />
        <fieldset className="kind-choice">
          <legend>{t("desk.kind")}</legend>
          {POST_KINDS.map((kind, i) => (
            <label key={kind} className="check">
              <input type="radio" name="kind" value={kind} defaultChecked={i === 0} />
              <span>{kindLabel(kind, t)}</span>
            </label>
          ))}
        </fieldset>
        <label htmlFor="desk-card-text">{t("desk.cardText")}</label>
        <textarea id="desk-card-text" name="text" rows={2} maxLength={280} required />
        {refusal("post")}
        <button type="submit" className="button">
          {t("desk.saveCard")}
        </button>
      </Form>

      {theirs.length > 0 && others.length > 0 && (
        <Form method="post" className="stack" aria-labelledby="desk-connect-heading">
          <h3 id="desk-connect-heading">{t("desk.askToConnect")}</h3>
          {personField}
          <input type="hidden" name="intent" value="connect" />
          <label htmlFor="desk-mine">{t("desk.theirCard")}</label>
          <select id="desk-mine" name="mine">
            {theirs.map((p) => (
              <option key={p.id} value={p.id}>
                {kindLabel(p.kind, t)}: {p.text}
              </option>
            ))}
          </select>
          <label htmlFor="desk-other">{t("desk.otherCard")}</label>
          <select id="desk-other" name="other">
            {others.map((p) => (
              <option key={p.id} value={p.id}>
                {kindLabel(p.kind, t)}: {p.text} ({p.authorName})
              </option>
            ))}
          </select>
          {refusal("connect")}
          <button type="submit" className="button">
            {t("desk.sendRequest")}
          </button>
        </Form>
      )}

      {toAnswer.length > 0 && (
        <>
          <h3>{t("desk.askingThem")}</h3>
          <ul className="plain-list">
            {toAnswer.map((c) => (
              <li key={c.id} className="stack">
                <span>
                  {sideOf(c) === "offer" ? c.needAuthorName : c.offerAuthorName}: “{sideOf(c) === "offer" ? c.needText : c.offerText}”
                </span>
                <Form method="post" className="button-row">
                  {personField}
                  <input type="hidden" name="connectionId" value={c.id} />
                  <button type="submit" name="intent" value="accept" className="button">
                    {t("desk.accept")}
                  </button>
                  <button type="submit" name="intent" value="decline" className="button secondary">
                    {t("desk.decline")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
          {refusal("accept")}
        </>
      )}

      <h3>{t("desk.theirFollowUps")}</h3>
      {followUps.length === 0 ? (
        <p className="hint">{t("phone.noFollowUpsYet")}</p>
      ) : (
        <ul className="plain-list" data-testid="desk-follow-ups">
          {followUps.map((f) => (
            <li key={f.connectionId}>
              <strong>{f.name}</strong> {f.contact} <span className="hint">{f.offerText} ↔ {f.needText}</span>
            </li>
          ))}
        </ul>
      )}
      <Link className="button secondary" to={`/desk/${market.code}/print?person=${person.id}`}>
        {t("desk.printOne", { name: person.name })}
      </Link>
    </section>
  );
}

/** The host hands a helper the desk's own link (fewer powers than the host's), and can revoke it. */
export function HelperLinkPanel({ result }: { result?: DeskActionResult }) {
  const t = useT();
  const helperUrl = result?.intent === "helper-link" && result.ok ? result.helperUrl : undefined;
  return (
    <section className="card stack no-print" aria-labelledby="helper-link-heading">
      <h2 id="helper-link-heading">{t("desk.helperLink")}</h2>
      <p className="hint">{t("desk.helperLinkLead")}</p>
      {helperUrl && (
        <p className="notice personal-link" role="status" data-testid="helper-url">
          {helperUrl}
        </p>
      )}
      {result?.intent === "revoke-helper-link" && result.ok && <p role="status">{t("desk.helperLinkRevoked")}</p>}
      <Form method="post" className="button-row">
        <button type="submit" name="intent" value="helper-link" className="button">
          {t("desk.newHelperLink")}
        </button>
        <button type="submit" name="intent" value="revoke-helper-link" className="button secondary">
          {t("desk.revokeHelperLink")}
        </button>
      </Form>
    </section>
  );
}
