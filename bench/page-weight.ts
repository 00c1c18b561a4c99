/**
 * Page weight: the JavaScript a page's HTML makes the browser load, from `build/client`, gzipped.
 * It follows the Remix manifest (the client entry, root, the page's route and their imports; the
 * manifest itself is inlined in the HTML with lazy route discovery, so its file is not counted) and
 * adds the translations of one language (app/lib/i18n.ts: a page fetches its own language's file
 * only), the heaviest of them, so the figure holds whatever the page's language.
 * `npx tsx bench/page-weight.ts` prints it for the last build; `bench/run.ts` includes it.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = path.resolve(import.meta.dirname, "..");
const CLIENT = path.join(ROOT, "build/client");

export const PAGES = [
  ["phone /m/:code", "routes/m.$code"],
  ["join /join/:code", "routes/join.$code"],
  ["projector /screen/:code", "routes/screen.$code"],
  ["host console /host/:marketId", "routes/host.$marketId"],
] as const;

export interface PageWeight {
  page: string;
  files: number;
  rawKb: number;
  gzipKb: number;
  /** The language whose translations are counted (the heaviest). */
  language?: string;
}

/** The shipped languages: one file each in app/locales. */
const LANGUAGES = readdirSync(path.join(ROOT, "app/locales"))
  .filter((f) => f.endsWith(".json"))
  .map((f) => f.slice(0, -".json".length));

function readManifest(): { entry: { module: string; imports: string[] }; routes: Record<string, { module: string; imports?: string[] }> } {
  const assets = path.join(CLIENT, "assets");
  const file = readdirSync(assets)
    .filter((f) => f.startsWith("manifest-"))
    .map((f) => path.join(assets, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]!;
  return JSON.parse(readFileSync(file, "utf8").replace(/^window.__remixManifest=/, "").replace(/;\s*$/, ""));
}

function weigh(page: string, files: Set<string>): PageWeight {
  let raw = 0;
  let gz = 0;
  for (const file of files) {
    const bytes = readFileSync(path.join(CLIENT, file));
    raw += bytes.length;
    gz += gzipSync(bytes).length;
  }
  return { page, files: files.size, rawKb: raw / 1024, gzipKb: gz / 1024 };
}

/** Each language's translations file in the build, with its weight (a file a page fetches, see app/lib/i18n.ts). */
export function translationWeights(): PageWeight[] {
  const assets = path.join(CLIENT, "assets");
  return LANGUAGES.map((language) => {
    const file = readdirSync(assets)
      .filter((f) => new RegExp(`^${language}-[\\w-]{8}\\.json$`).test(f))
      .map((f) => `/assets/${f}`)
      .sort((a, b) => statSync(path.join(CLIENT, b)).mtimeMs - statSync(path.join(CLIENT, a)).mtimeMs)[0];
    if (!file) throw new Error(`No ${language} translations file in build/client/assets: is the build current?`);
    return { ...weigh(file, new Set([file])), language };
  });
}

export function pageWeights(): PageWeight[] {
  const manifest = readManifest();
  const heaviest = translationWeights().sort((a, b) => b.gzipKb - a.gzipKb)[0]!;
  return PAGES.map(([page, id]) => {
    // What the page's HTML makes the browser load: entry, root, the route, and their imports.
    const files = new Set<string>([manifest.entry.module, ...manifest.entry.imports]);
    for (const route of ["root", id]) {
      const r = manifest.routes[route]!;
      files.add(r.module);
      for (const i of r.imports ?? []) files.add(i);
    }
    files.add(heaviest.page);
    return { ...weigh(page, files), language: heaviest.language };
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const f1 = (x: number) => x.toFixed(1);
  console.table(pageWeights().map((w) => ({ page: w.page, files: w.files, "raw KB": f1(w.rawKb), "gzip KB": f1(w.gzipKb), "with the translations of": w.language })));
  console.table(translationWeights().map((w) => ({ translations: w.page, "raw KB": f1(w.rawKb), "gzip KB": f1(w.gzipKb) })));
}
