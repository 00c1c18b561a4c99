// The project's folder, wherever the running file is: server/*.ts under tsx (`npm run dev`), or the
// one bundled file build/node/index.js (`npm start`, the tests). Found by walking up to package.json.
import { existsSync } from "node:fs";
import path from "node:path";

function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${from}`);
  }
}

export const ROOT = projectRoot(import.meta.dirname);
