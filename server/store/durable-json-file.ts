// A lowdb adapter that makes a write durable before it resolves: write a temp file, fsync it,
// rename it over the data file, fsync the folder. lowdb's own JSONFile renames without fsync,
// so a power cut could lose an acknowledged post. It also knows the SHA-256 of the file as last
// read or written: the market's journal names the snapshot it continues by that digest
// (docs/decisions/006-journal-beside-the-snapshot.md).
import { createHash } from "node:crypto";
import { open, readFile, rename } from "node:fs/promises";
import { PRIVATE_FILE } from "./private-files.ts";
import path from "node:path";
import type { Adapter } from "lowdb";
import { MigrationError } from "./migrations.ts";

export class DataFileError extends Error {
  /** `companion`: a file that belongs with this one (a snapshot's journal), to move along with it. */
  constructor(
    readonly file: string,
    readonly problem: string,
    companion?: string,
  ) {
    super(
      `The data file ${file} ${problem}. It was left untouched. Restore it from a backup, or move it ` +
        (companion ? `(and ${companion}, which belongs with it) ` : "") +
        `out of the data folder to start without it.`,
    );
    this.name = "DataFileError";
  }
}

export interface DurableJsonFileHooks {
  /**
   * Called with the new file's text and digest once it is on disk under the temp name, before the
   * rename that makes it the data file; the write waits for it.
   */
  beforeReplace?(text: string, digest: string): Promise<void>;
}

export class DurableJsonFile<T> implements Adapter<T> {
  readonly tempFile: string;
  /** SHA-256 (hex) of the file's text as last read or written; undefined before either. */
  digest: string | undefined;
  /** Its size in bytes. */
  bytes = 0;

  constructor(
    readonly file: string,
    private readonly validate: (data: unknown) => T,
    private readonly hooks: DurableJsonFileHooks = {},
  ) {
    this.tempFile = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    this.digest = digestOf(text);
    this.bytes = Buffer.byteLength(text);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new DataFileError(this.file, "is not valid JSON (it may have been cut short)");
    }
    try {
      return this.validate(data);
    } catch (error) {
      if (error instanceof MigrationError) throw new DataFileError(this.file, error.message);
      throw new DataFileError(this.file, `does not hold a market this version understands (${(error as Error).message})`);
    }
  }

  async write(data: T): Promise<void> {
    await this.writeText(JSON.stringify(data));
  }

  /** The same, for text already made (a caller that must serialise at one instant). */
  async writeText(text: string): Promise<void> {
    const digest = digestOf(text);
    const handle = await open(this.tempFile, "w", PRIVATE_FILE);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await this.hooks.beforeReplace?.(text, digest);
    await rename(this.tempFile, this.file);
    this.digest = digest;
    this.bytes = Buffer.byteLength(text);
    await syncFolder(path.dirname(this.file));
  }
}

export function digestOf(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
