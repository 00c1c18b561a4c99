// The phone's suggestions (offer-need pairs, and around dreams) as JSON, loaded on their own so the list can refresh quietly as posts
// arrive.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { orRespond, requireParticipant } from "~/lib/route-helpers.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { code } = await orRespond(context, () => context.market.summary(params.code ?? ""));
  const actor = await requireParticipant(context, request, code);
  const query = new URL(request.url).searchParams;
  const postId = query.get("post") ?? undefined;
  const dreamId = query.get("dream");
  // ?dream=ID: the offers and needs that fit a dream; ?dreams: the dreams that fit my cards.
  const suggestions = await orRespond<unknown[]>(context, () =>
    dreamId ? context.market.dreamFits(code, actor, dreamId, 5) : query.has("dreams") ? context.market.dreamsForMe(code, actor, 5) : context.market.suggestions(code, actor, { postId, limit: postId ? 5 : 8 }),
  );
  // Plain JSON: the phone fetches it directly (a fetcher would need the route discovered first).
  return Response.json({ suggestions }, { headers: { "Cache-Control": "no-store" } });
}
