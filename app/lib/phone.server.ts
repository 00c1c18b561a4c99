// What only this person's phone shows (their follow-ups, circles and drafts, their personal
// code): the phone page's loader gives it with the room, and m.$code_.personal gives it alone, so
// a live event that changes it reloads it without the room's wall (a 1,000-person room's phones
// all reloading their whole page at each phase change cost the server most of a minute).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { personalLinkPath } from "../../server/market/personal-codes.ts";
import type { Actor } from "../../server/market/service.ts";

export async function personalData(context: LoaderFunctionArgs["context"], request: Request, code: string, actor: Actor & { role: "participant" }) {
  const me = await context.market.participant(code, actor);
  const personalCode = context.sessions.readCookie(request.headers.get("Cookie"), "personal", code);
  return {
    personal: personalCode ? { code: personalCode, link: `${context.publicOrigin(request)}${personalLinkPath(code, personalCode)}` } : null,
    me: { id: me.id, name: me.name },
    followUps: await context.market.followUps(code, actor),
    circles: await context.market.myCircles(code, actor),
    circleFollowUps: await context.market.circleFollowUps(code, actor),
    /** Cards this person keeps for later (posted when their kind opens). */
    drafts: await context.facilitation.drafts.of(code, actor),
  };
}

export type PersonalData = Awaited<ReturnType<typeof personalData>>;
