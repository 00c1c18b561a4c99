// What only this person's phone shows, as JSON, without the room (app/lib/phone.server.ts): the
// phone reloads it when a live event says it changed, and after catching up with the room.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { personalData } from "~/lib/phone.server";
import { orRespond, requireParticipant } from "~/lib/route-helpers.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { code } = await orRespond(context, () => context.market.summary(params.code ?? ""));
  const actor = await requireParticipant(context, request, code);
  // Plain JSON: the phone fetches it directly (a fetcher would need the route discovered first).
  return Response.json(await personalData(context, request, code, actor), { headers: { "Cache-Control": "no-store" } });
}
