// A throwaway PostgreSQL cluster for the tests: initdb in a temp folder, started with pg_ctl on a
// free port, stopped and deleted afterwards. Debian's server binaries (scripts/ensure-postgres.sh
// installs them where missing). PostgreSQL refuses to run as root: as root, the cluster belongs to
// the `postgres` user and its commands run as that user.
import { execFile } from "node:child_process";
import { chown, mkdtemp, readdir, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface TestPostgres {
  /** postgres://… of the cluster's own `postgres` database, for making others (CREATE DATABASE). */
  adminUrl: string;
  /** postgres://… of a fresh database in the cluster (each call: another database). */
  newDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/** The folder of Debian's PostgreSQL server binaries (the newest), or undefined without one. */
export async function postgresBinaries(): Promise<string | undefined> {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = (await readdir(root)).filter((v) => existsSync(path.join(root, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], "bin") : undefined;
}

/** `fsync: true` for the bench, which compares PostgreSQL's durable commits with lowdb's. */
export async function startPostgres(options: { fsync?: boolean } = {}): Promise<TestPostgres> {
  const bin = await postgresBinaries();
  if (!bin) throw new Error("PostgreSQL is needed for this test: run scripts/ensure-postgres.sh (or sudo apt-get install -y postgresql).");
  const asRoot = userInfo().uid === 0;
  const folder = await mkdtemp(path.join(tmpdir(), "onm-pg-"));
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    await chown(folder, Number(stdout.trim()), Number(gid.trim()));
  }
  const as = (command: string, args: string[]) => (asRoot ? run("runuser", ["-u", "postgres", "--", path.join(bin, command), ...args]) : run(path.join(bin, command), args));
  const data = path.join(folder, "data");
  const port = await freePort();
  await as("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
  // fsync off: a throwaway cluster that no power cut will test; the tests kill servers, not PostgreSQL.
  const settings = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=16MB -c fsync=${options.fsync ? "on" : "off"}`;
  await as("pg_ctl", ["-D", data, "-o", settings, "-l", path.join(folder, "log"), "-w", "-t", "60", "start"]);
  let databases = 0;
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async newDatabase() {
      const name = `market_test_${++databases}`;
      await as("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", name]);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      await as("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => {});
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** A TCP port nothing listens on now (for a process that needs its port given: PostgreSQL, nginx). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
