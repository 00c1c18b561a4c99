// The server as one ES module, build/node/index.js: what `npm start` and the tests run. Our
// TypeScript is bundled (esbuild, as tsx would transpile it), the packages stay imports of
// node_modules. Why: loading each of our files through tsx's loader hooks made every start take
// seconds; the bundle starts in about half the time. `npm run dev` still runs the sources with tsx.
//   tsx scripts/build-server.ts        (part of `npm run build`; the tests' global setup calls it)
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build, buildSync, type BuildOptions } from "esbuild";
import { ROOT } from "../server/root.ts";


export const SERVER_BUNDLE = path.join(ROOT, "build/node/index.js");

const OPTIONS: BuildOptions = {
  entryPoints: [path.join(ROOT, "server/index.ts")],
  outfile: SERVER_BUNDLE,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: "linked",
  logLevel: "warning",
};

export async function buildServer(): Promise<void> {
  await build(OPTIONS);
}

/** The same, for a caller that cannot wait on a promise (the bench's setup). */
export function buildServerSync(): void {
  buildSync(OPTIONS);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await buildServer();
