// Starts the market server: `npm start` (production) or `npm run dev` (Vite middleware, HMR).
import { existsSync } from "node:fs";
import path from "node:path";
import { createMarketServer } from "./app.ts";
import { loadConfig } from "./config.ts";
import { lanAddress } from "./http/public-url.ts";
import { ROOT } from "./root.ts";
import { DataFileError } from "./store/durable-json-file.ts";

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.mode === "production" && !existsSync(path.join(ROOT, "build/server/index.js"))) {
    throw new Error("No production build found: run `npm run build` first (npm start does it for you).");
  }
  const server = await createMarketServer(config);
  server.httpServer.listen(config.port, config.host, () => {
    const address = server.httpServer.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    const lan = lanAddress();
    console.log(`Offers & Needs Market listening on http://localhost:${port}`);
    if (lan) console.log(`  phones on the same Wi-Fi: http://${lan}:${port}`);
    // The database URL holds a password: say which store, never where.
    console.log(config.databaseUrl ? "  store: PostgreSQL (DATABASE_URL)" : `  data folder: ${path.resolve(config.dataDir)}`);
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: finishing writes and closing…`);
    server.httpServer.closeAllConnections?.();
    await server.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof DataFileError || error instanceof Error ? `Could not start: ${error.message}` : error);
  process.exit(1);
});
