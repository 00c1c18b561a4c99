/// <reference types="vitest/config" />
import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * The suites that run on PostgreSQL too: those that drive the market service through a store, the
 * integration suites, and the reliability suites about what is stored (kill -9, erasure). The
 * other reliability suites stay on lowdb: they test the lowdb files themselves (data-files,
 * small-doors' file modes), or something else than what is stored (authority, fuzz, limits,
 * reconnect, import, venue Wi-Fi and abuse; the shared rate limits are tested across two nodes),
 * or were left out to keep CI under 15 minutes (round-restart: two server restarts and a 10 s
 * turn; the round timers' lease on PostgreSQL is tested across two nodes).
 */
const SUITES_ON_BOTH_STORES = [
  "test/unit/market-service.test.ts",
  "test/unit/circles.test.ts",
  "test/unit/drafts.test.ts",
  "test/unit/rehearsal.test.ts",
  "test/unit/retention.test.ts",
  "test/unit/export-round-trip.test.ts",
  "test/unit/one-definition.test.ts",
  "test/integration/*.test.ts",
  "test/reliability/kill-restart.test.ts",
  "test/reliability/erase.test.ts",
];

export default defineConfig({
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  build: { target: ["es2020", "safari15", "chrome100"] },
  plugins: [
    // The Remix plugin must not run under Vitest (it expects to own the build).
    !process.env.VITEST &&
      remix({
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_singleFetch: true,
          v3_lazyRouteDiscovery: true,
          v3_routeConfig: true,
        },
      }),
  ],
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Vitest's default is one file at a time on a 2-core machine (cores - 1), but most of a test's
    // time here is spent waiting on a server, a browser or a timer: two files at once halve the run.
    maxWorkers: 2,
    minWorkers: 1,
    // One suite, two stores (test/support/test-store.ts decides which a suite runs on). Every test
    // runs on the lowdb files; SUITES_ON_BOTH_STORES run again on PostgreSQL, on one throwaway
    // cluster for the run, each service or server on a database of its own. The reporter prefixes
    // each file with its project: |lowdb| or |postgres|. One store alone: `--project lowdb`.
    projects: [
      // Servers start from the bundle of the sources as they are (test/support/build-server-global-setup.ts).
      { extends: true, test: { name: "lowdb", include: ["test/**/*.test.ts", "server/**/*.test.ts"], globalSetup: ["test/support/build-server-global-setup.ts"] } },
      {
        extends: true,
        test: {
          name: "postgres",
          include: [...SUITES_ON_BOTH_STORES],
          // They test PostgreSQL next to lowdb already, each on a cluster of its own.
          exclude: ["test/integration/store-contract.test.ts", "test/integration/two-nodes.test.ts", "test/integration/load-balancer.test.ts"],
          env: { TEST_STORE: "postgres" },
          globalSetup: ["test/support/build-server-global-setup.ts", "test/support/postgres-global-setup.ts"],
          setupFiles: ["test/support/postgres-setup-file.ts"],
        },
      },
    ],
  },
});
