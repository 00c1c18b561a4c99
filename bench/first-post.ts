/**
 * From the join link to my card on the wall: a scripted person on a phone (Chromium, 390x844)
 * opens the join link, types a 12-character name and a 20-character contact, joins, types a
 * 60-character offer and posts it, until the projector (1920x1080) shows it. Counts the taps and
 * fields this takes, measures the machine's time (typing instantly), and adds the typing at a
 * phone's pace (3 characters a second) for the total a person would wait.
 * `npx tsx bench/first-post.ts` prints it (production build, real server); `bench/run.ts` includes it.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { launchChromium, openPage, PHONE, PROJECTOR } from "../test/support/browser.ts";
import { call, hostStartsMarket } from "../test/support/market-api.ts";
import { startServer } from "../test/support/server.ts";

export const TYPING_CHARS_PER_S = 3;
const NAME = "Ana Martinez"; // 12 characters
const CONTACT = "ana.m@example.org.uk"; // 20 characters
const OFFER = "I can fix bikes, lend my tools and teach you how to fix them"; // 60 characters

export interface FirstPost {
  taps: number;
  fields: number;
  charactersTyped: number;
  machineMs: number;
  typingS: number;
  totalS: number;
}

export async function firstPostJourney(runs = 3): Promise<FirstPost> {
  const server = await startServer();
  const browser = await launchChromium();
  try {
    const times: number[] = [];
    let counted = { taps: 0, fields: 0, chars: 0 };
    for (let run = 0; run < runs; run++) {
      // The room is in its first stage (offers open), with the projector showing the wall.
      const market = await hostStartsMarket(server.origin, `Bench ${run}`);
      await call(server.origin, "POST", `/api/markets/${market.code}/agenda`, { token: market.hostKey, body: { action: "start" } });
      const { page: wall, context: wallContext } = await openPage(browser, PROJECTOR);
      await wall.goto(`${server.origin}/screen/${market.code}`);
      const { page: phone, context } = await openPage(browser, PHONE, true);
      const steps = { taps: 0, fields: 0, chars: 0 };
      const type = async (selector: string, text: string) => {
        steps.fields++;
        steps.chars += text.length;
        await phone.locator(selector).fill(text);
      };
      const tap = async (name: string) => {
        steps.taps++;
        await phone.getByRole("button", { name, exact: true }).click();
      };
      const started = performance.now();
      await phone.goto(`${server.origin}/join/${market.code}`);
      await type('input[name="name"]', NAME);
      await type('input[name="contact"]', CONTACT);
      await tap("Join the market");
      await phone.waitForURL(/\/m\/[A-Z0-9]{6}$/);
      // The first stage opens offers only: the composer is ready for an offer, no kind to pick.
      await type("#post-text", OFFER);
      await tap("Post offer");
      await wall.locator(".wall-column.offer").getByText(OFFER).waitFor({ timeout: 30_000 });
      times.push(performance.now() - started);
      counted = steps;
      await context.close();
      await wallContext.close();
    }
    const machineMs = times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
    const typingS = counted.chars / TYPING_CHARS_PER_S;
    return { taps: counted.taps, fields: counted.fields, charactersTyped: counted.chars, machineMs, typingS, totalS: machineMs / 1000 + typingS };
  } finally {
    await browser.close();
    await server.stop();
  }
}

export function printFirstPost(result: FirstPost): void {
  console.log("\n== From the join link to my first card on the wall (Chromium phone 390x844, projector 1920x1080) ==");
  console.table([
    {
      taps: result.taps,
      fields: result.fields,
      "characters typed": result.charactersTyped,
      "machine ms (median of 3)": Math.round(result.machineMs),
      [`typing s at ${TYPING_CHARS_PER_S} chars/s`]: Number(result.typingS.toFixed(1)),
      "total s": Number(result.totalS.toFixed(1)),
    },
  ]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  firstPostJourney().then(
    (result) => {
      printFirstPost(result);
      process.exit(0);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
