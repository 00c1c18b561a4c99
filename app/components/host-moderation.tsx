// Moderation on the console: lock joining, edit or hide posts, remove people, the history.
import type { ModerationEntry } from "../../server/market/model.ts";
import type { MarketSnapshot, PublicPost } from "../../server/market/views.ts";
import { useT } from "~/lib/i18n";
import { Act, FormWithError } from "./host-act";
import { PersonalCodeTools } from "./host-personal-codes";
import { LIMITS } from "../../server/market/field-limits.ts";

export function ModerationPanel({ market, hiddenPosts, removed, history }: { market: MarketSnapshot; hiddenPosts: PublicPost[]; removed: Array<{ id: string; name: string }>; history: ModerationEntry[] }) {
  const newest = [...market.posts].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, 60);
  const t = useT();
  return (
    <section className="card" aria-labelledby="moderation-heading">
      <h2 id="moderation-heading">{t("moderation.heading")}</h2>
      <div className="button-row">
        <Act intent="lock" fields={{ locked: !market.facilitation.joiningLocked }} className={market.facilitation.joiningLocked ? "button small" : "button small secondary"}>
          {market.facilitation.joiningLocked ? t("moderation.unlock") : t("moderation.lock")}
        </Act>
      </div>
      <h3>{t("moderation.posts", { count: newest.length })}</h3>
      <ul className="moderation-list" data-testid="moderation-posts">
        {newest.map((post) => (
          <li key={post.id}>
            <span>
              <strong>{post.authorName}</strong>: {post.text}
            </span>
            <span className="button-row">
              <details>
                <summary className="button small secondary">{t("phone.edit")}</summary>
                <FormWithError intent="edit-post">
                  <input type="hidden" name="postId" value={post.id} />
                  <input name="text" defaultValue={post.text} maxLength={LIMITS.postText} aria-label={t("phone.text")} />
                  <button className="button small" type="submit">
                    {t("phone.save")}
                  </button>
                </FormWithError>
              </details>
              <Act intent="hide" fields={{ postId: post.id }} className="button small danger" label={t("moderation.hidePost", { text: post.text.slice(0, 40) })}>
                {t("moderation.hide")}
              </Act>
            </span>
          </li>
        ))}
      </ul>
      <h3>{t("host.people")}</h3>
      <ul className="moderation-list">
        {market.participants.map((p) => (
          <li key={p.id}>
            <span>{p.name}</span>
            <span className="button-row">
              <PersonalCodeTools participantId={p.id} name={p.name} />
              <Act intent="remove" fields={{ participantId: p.id }} className="button small danger" label={t("moderation.removeWho", { name: p.name })}>
                {t("moderation.remove")}
              </Act>
            </span>
          </li>
        ))}
      </ul>
      {hiddenPosts.length > 0 && (
        <>
          <h3>{t("moderation.hidden")}</h3>
          <ul className="moderation-list">
            {hiddenPosts.map((post) => (
              <li key={post.id}>
                <span>
                  {post.authorName}: {post.text}
                </span>
                <Act intent="unhide" fields={{ postId: post.id }}>{t("moderation.unhide")}</Act>
              </li>
            ))}
          </ul>
        </>
      )}
      {removed.length > 0 && <p className="hint">{t("moderation.removed", { names: removed.map((r) => r.name).join(", ") })}</p>}
      {history.length > 0 && (
        <details>
          <summary>{t("moderation.history", { count: history.length })}</summary>
          <ol className="plain-list">
            {history.map((entry, i) => (
              <li key={i}>
                {entry.at.slice(11, 19)} · {t(`moderation.actions.${entry.action}`)}
                {entry.detail ? ` · ${entry.detail}` : ""}
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}
