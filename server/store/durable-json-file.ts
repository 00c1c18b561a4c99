// A lowdb adapter that makes a write durable before it resolves: write a temp file, fsync it,
// rename it over the data file, fsync the folder. lowdb's own JSONFile renames without fsync,
// so a power cut could lose an acknowledged post.
import { open, readFile, rename } from "node:fs/promises";
import path from "node:path";
import type { Adapter } from "lowdb";
import { MigrationError } from "./migrations.ts";

export class DataFileError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(
      `The data file ${file} ${problem}. It was left untouched. Restore it from a backup, or move it ` +
        `out of the data folder to start without it.`,
    );
    this.name = "DataFileError";
  }
}

export class DurableJsonFile<T> implements Adapter<T> {
  readonly tempFile: string;

  constructor(
    readonly file: string,
    private readonly validate: (data: unknown) => T,
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
    const handle = await open(this.tempFile, "w");
    try {
      await handle.writeFile(JSON.stringify(data));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(this.tempFile, this.file);
    await syncFolder(path.dirname(this.file));
  }
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
