// Every test run starts servers from the bundle of the sources as they are now (scripts/build-server.ts,
// a fraction of a second), so a test never runs yesterday's server.
import { buildServer } from "../../scripts/build-server.ts";

export default async function setup(): Promise<void> {
  await buildServer();
}
