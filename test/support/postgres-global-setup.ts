// The postgres project's global set-up (vite.config.ts): ONE throwaway cluster for the whole run
// (test/support/postgres.ts); each test file's services and servers make fresh databases in it
// (test/support/test-store.ts), which the cluster's deletion at the end takes with it.
import type { TestProject } from "vitest/node";
import { startPostgres } from "./postgres.ts";

declare module "vitest" {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPostgres();
  project.provide("postgresAdminUrl", cluster.adminUrl);
  return () => cluster.stop();
}
