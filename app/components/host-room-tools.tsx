// The host's quick tools against abuse from inside the room (server/market/host-room-tools.ts):
// the market's cap from the expected attendance, and three tools that each show a preview first
// and act only on what the host saw and confirmed. Talks to the JSON API with the host's cookie.
import { useState } from "react";
import { useT } from "~/lib/i18n";
import type { MarketSnapshot } from "../../server/market/views.ts";

type Person = { id: string; name: string };
type Post = { id: string; text: string };
type Poster = { participantId: string; name: string; posts: number };

async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, { method, credentials: "same-origin", headers: body === undefined ? {} : { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await response.json();
  if (!response.ok) throw new Error(data?.error?.message ?? String(response.status));
  return data as T;
}

export function HostRoomTools({ market }: { market: MarketSnapshot }) {
  const t = useT();
  const base = `/api/markets/${market.code}`;
  const [note, setNote] = useState("");
  const [expected, setExpected] = useState("");
  const [burst, setBurst] = useState<Person[] | null>(null);
  const [personId, setPersonId] = useState("");
  const [posts, setPosts] = useState<Post[] | null>(null);
  const [posters, setPosters] = useState<Poster[] | null>(null);
  const run = (work: () => Promise<void>) => () => void work().catch((error: Error) => setNote(error.message));

  return (
    <section className="card" aria-labelledby="room-tools-heading" data-testid="room-tools">
      <h2 id="room-tools-heading">{t("roomTools.heading")}</h2>
      {note && <p role="status">{note}</p>}

      <form
        className="button-row"
        onSubmit={(event) => {
          event.preventDefault();
          run(async () => {
            const { capacity } = await api<{ capacity: number }>("PUT", `${base}/capacity`, { expected: expected ? Number(expected) : null });
            setNote(t("roomTools.capacitySaved", { capacity }));
          })();
        }}
      >
        <label htmlFor="room-capacity">{t("roomTools.capacityLabel")}</label>
        <input id="room-capacity" type="number" min={1} inputMode="numeric" value={expected} onChange={(e) => setExpected(e.target.value)} />
        <button className="button small secondary">{t("roomTools.capacitySave")}</button>
      </form>

      <h3>{t("roomTools.burstHeading")}</h3>
      <button className="button small secondary" onClick={run(async () => setBurst((await api<{ people: Person[] }>("GET", `${base}/room-tools/burst-joiners`)).people))}>
        {t("roomTools.preview")}
      </button>
      {burst && (burst.length === 0 ? <p>{t("roomTools.nobody")}</p> : (
        <>
          <ul>{burst.map((p) => <li key={p.id}>{p.name}</li>)}</ul>
          <button className="button small danger" onClick={run(async () => {
            const { removed } = await api<{ removed: number }>("POST", `${base}/room-tools/burst-joiners/remove`, { participantIds: burst.map((p) => p.id) });
            setBurst(null);
            setNote(t("roomTools.removed", { count: removed }));
          })}>{t("roomTools.removeThese", { count: burst.length })}</button>
        </>
      ))}

      <h3>{t("roomTools.postsOfHeading")}</h3>
      <div className="button-row">
        <label htmlFor="room-person" className="visually-hidden">{t("roomTools.person")}</label>
        <select id="room-person" value={personId} onChange={(e) => { setPersonId(e.target.value); setPosts(null); }}>
          <option value="">{t("roomTools.person")}</option>
          {market.participants.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
        <button className="button small secondary" disabled={!personId} onClick={run(async () => setPosts((await api<{ posts: Post[] }>("GET", `${base}/room-tools/posts-of/${personId}`)).posts))}>
          {t("roomTools.preview")}
        </button>
      </div>
      {posts && (posts.length === 0 ? <p>{t("roomTools.nothing")}</p> : (
        <>
          <ul>{posts.map((p) => <li key={p.id}>{p.text}</li>)}</ul>
          <button className="button small danger" onClick={run(async () => {
            const { hidden } = await api<{ hidden: number }>("POST", `${base}/room-tools/posts-of/${personId}/hide`, { postIds: posts.map((p) => p.id) });
            setPosts(null);
            setNote(t("roomTools.hidden", { count: hidden }));
          })}>{t("roomTools.hideThese", { count: posts.length })}</button>
        </>
      ))}

      <h3>{t("roomTools.fastestHeading")}</h3>
      <button className="button small secondary" onClick={run(async () => setPosters((await api<{ posters: Poster[] }>("GET", `${base}/room-tools/fastest-posters`)).posters))}>
        {t("roomTools.show")}
      </button>
      {posters && (posters.length === 0 ? <p>{t("roomTools.nothing")}</p> : <ol>{posters.map((p) => <li key={p.participantId}>{t("roomTools.posterLine", { name: p.name, count: p.posts })}</li>)}</ol>)}
    </section>
  );
}
