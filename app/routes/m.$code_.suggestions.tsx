// The phone's suggestions as JSON, loaded on their own so the list can refresh quietly as posts
// arrive.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { orRespond, participantActor } from "~/lib/route-helpers.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { code } = await orRespond(context, () => context.market.summary(params.code ?? ""));
  const actor = await participantActor(context, request, code);
  if (!actor) throw redirect(`/join/${code}`);
  const postId = new URL(request.url).searchParams.get("post") ?? undefined;
  const suggestions = await orRespond(context, () => context.market.suggestions(code, actor, { postId, limit: postId ? 5 : 8 }));
  // Plain JSON: the phone fetches it directly (a fetcher would need the route discovered first).
  return Response.json({ suggestions }, { headers: { "Cache-Control": "no-store" } });
}
