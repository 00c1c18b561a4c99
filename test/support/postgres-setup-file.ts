// Runs in each test file of the postgres project: hands the run's cluster to test/support/test-store.ts
// through the environment (so the support code, also used by scripts, needs nothing of vitest), and
// closes the stores a test opened once it is over, so their connections do not pile up in the cluster.
import { afterEach, inject } from "vitest";
import { closeOpenedStores } from "./test-store.ts";

process.env.TEST_POSTGRES_ADMIN_URL = inject("postgresAdminUrl");
afterEach(() => closeOpenedStores());
