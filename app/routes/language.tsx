// The phone's language switch posts here (a plain form: works without JavaScript): remember the
// choice in a cookie and go back to the page it came from.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isLanguage, LANGUAGES } from "~/lib/i18n";
import { languageCookie } from "~/lib/language.server";
import { field, isHttps, refused } from "~/lib/route-helpers.server";
import { sameOriginPath } from "~/lib/same-origin-path";

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const language = field(form, "lang");
  if (!isLanguage(language)) return refused("language", "field_one_of", { field: "language", choices: LANGUAGES.join(", ") });
  const back = field(form, "back");
  // Only a path on this site: never an open redirect.
  return redirect(sameOriginPath(back), { headers: { "Set-Cookie": languageCookie(language, isHttps(request)) } });
}

export const loader = () => redirect("/");
