/**
 * Page weight: the JavaScript a page's HTML makes the browser load, from `build/client`, gzipped.
 * It follows the Remix manifest (the client entry, root, the page's route and their imports).
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
}

function readManifest(): { file: string; manifest: { entry: { module: string; imports: string[] }; routes: Record<string, { module: string; imports?: string[] }> } } {
  const assets = path.join(CLIENT, "assets");
  const file = readdirSync(assets)
    .filter((f) => f.startsWith("manifest-"))
    .map((f) => path.join(assets, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]!;
  const manifest = JSON.parse(readFileSync(file, "utf8").replace(/^window.__remixManifest=/, "").replace(/;\s*$/, ""));
  return { file: file.slice(file.indexOf("/assets/")), manifest };
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

export function pageWeights(): PageWeight[] {
  const { file, manifest } = readManifest();
  return PAGES.map(([page, id]) => {
    // What the page's HTML makes the browser load: entry, root, the route, and their imports.
    const files = new Set<string>([manifest.entry.module, ...manifest.entry.imports, file]);
    for (const route of ["root", id]) {
      const r = manifest.routes[route]!;
      files.add(r.module);
      for (const i of r.imports ?? []) files.add(i);
    }
    return weigh(page, files);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const f1 = (x: number) => x.toFixed(1);
  console.table(pageWeights().map((w) => ({ page: w.page, files: w.files, "raw KB": f1(w.rawKb), "gzip KB": f1(w.gzipKb) })));
}
