// A real server for the tests: the production build run by the real entry point as a child
// process, on a free port, with its own data folder, on the store under test (test-store.ts): in
// the postgres project each data folder gets a database of its own, so a server restarted on the
// same folder finds what the one before it stored.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { SERVER_BUNDLE } from "../../scripts/build-server.ts";
import packageJson from "../../package.json" with { type: "json" };
import { ROOT } from "../../server/root.ts";
import { newTestDatabase, storeUnderTest } from "./test-store.ts";

export { ROOT };

export interface TestServer {
  origin: string;
  /** The child's process id (the benchmark reads /proc/<pid> for CPU and memory). */
  pid: number;
  dataDir: string;
  /** The database it runs on, when on PostgreSQL (else the lowdb files in `dataDir`). */
  databaseUrl?: string;
  output(): string;
  /** Graceful stop (SIGTERM): pending writes finish first. */
  stop(): Promise<void>;
  /** Abrupt stop (SIGKILL), as a power cut or a crash would. */
  kill(): Promise<void>;
}

/** What `npm start` runs: the bundled server (scripts/build-server.ts; the tests' global setup builds it fresh) with package.json's node flags. */
const SERVER_ENTRY = [...packageJson.config.nodeFlags.split(" "), SERVER_BUNDLE];

export async function tempDataDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), "onm-test-"));
}

/** `port` fixes the port (a restart on the same address, as phones would see it); default: a free one. */
export async function startServer(options: { dataDir?: string; env?: Record<string, string>; port?: number; nodeArgs?: string[] } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await tempDataDir());
  const databaseUrl = options.env?.DATABASE_URL ?? process.env.DATABASE_URL ?? (storeUnderTest === "postgres" ? await databaseOf(dataDir) : undefined);
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...SERVER_ENTRY], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(options.port ?? 0),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      LAN_JOIN_URL: "0",
      // A line per request is for operators; the tests read the server's own messages.
      LOG_LEVEL: "warn",
      ...options.env,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.on("data", (chunk) => (log += chunk));
  child.stderr.on("data", (chunk) => (log += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    const onData = () => {
      const match = log.match(/listening on http:\/\/localhost:(\d+)/);
      if (match) resolve(Number(match[1]));
    };
    child.stdout.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited with ${code} before listening:\n${log}`)));
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    output: () => log,
    stop: () => stopChild(child, "SIGTERM"),
    kill: () => stopChild(child, "SIGKILL"),
  };
}

const databases = new Map<string, Promise<string>>();
/** The database of a data folder on PostgreSQL: made fresh on the first start on it. */
function databaseOf(dataDir: string): Promise<string> {
  let database = databases.get(dataDir);
  if (!database) databases.set(dataDir, (database = newTestDatabase()));
  return database;
}

/** Runs the server entry expecting it to refuse to start; resolves with its exit code and output. */
export async function startExpectingFailure(dataDir: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, SERVER_ENTRY, {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { code, output };
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}
