// A market's journal, `<id>.journal` beside its snapshot `<id>.json`: JSON lines, appended and
// fsynced, one per group commit, each holding only what changed (change-record.ts). The first line
// names the snapshot the journal continues by the SHA-256 of its text; the last lines may be
// seals, written when a compaction is about to replace that snapshot, naming the new one. The
// reasoning for every step: docs/decisions/006-journal-beside-the-snapshot.md.
//
//   {"journal":1,"market":"<id>","base":"<sha256 of <id>.json>"}
//   {"n":1,"set":{"seq":12},"put":{"posts":[{...}]}}
//   {"n":2,"sealed":"<sha256 of the snapshot a compaction is writing>"}
import { closeSync, ftruncateSync, openSync, writeSync } from "node:fs";
import { readFile, rename, rm } from "node:fs/promises";
import { PRIVATE_FILE } from "./private-files.ts";
import path from "node:path";
import type { ChangeRecord } from "../market/change-record.ts";
import { dataSync } from "./data-sync.ts";
import { DataFileError, syncFolder } from "./durable-json-file.ts";

const FORMAT = 1;

/** A point between two system calls of a write, for tests that kill the process there. */
export type StepHook = (step: string) => void | Promise<void>;

export interface JournalContents {
  /** Digest of the snapshot this journal continues. */
  base: string;
  /** Change records in order, with their line numbers (1 is the header). */
  records: Array<{ line: number; record: ChangeRecord }>;
  /** Digests named by seals, in order. */
  seals: string[];
  /** Numbered lines after the header (records and seals). */
  entries: number;
  /** Bytes up to the end of the last complete line. */
  completeBytes: number;
  /** Bytes after the last complete line: a write the process died in, never acknowledged. */
  tornBytes: number;
}

const RECORD_KEYS = new Set(["n", "set", "unset", "del", "put", "order"]);

export class MarketJournal {
  // No file handle is kept between writes: a server holding many markets would hold as many
  // descriptors, and an open, fsync and close cost little beside the fsync itself.
  private constructor(
    readonly file: string,
    private bytes: number,
    private entries: number,
    /** Bytes past `bytes` may hold a failed or torn write: cut them before writing again. */
    private mustTruncate: boolean,
    private readonly step: StepHook,
  ) {}

  /** Bytes in the journal. */
  get size(): number {
    return this.bytes;
  }

  /** Records and seals after the header. */
  get length(): number {
    return this.entries;
  }

  static tempFileOf(file: string): string {
    return path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  }

  /**
   * Starts a journal for a market whose snapshot has digest `base`, holding its first record: the
   * whole file is written under a temp name, fsynced and renamed into place, so the journal appears
   * complete or not at all. The caller fsyncs the folder next (syncFolder): if that fails, the
   * journal may or may not be on disk, which only a compaction resolves.
   */
  static async create(file: string, market: string, base: string, first: ChangeRecord[], step: StepHook = () => {}): Promise<MarketJournal> {
    const text = JSON.stringify({ journal: FORMAT, market, base }) + "\n" + first.map((record, i) => lineOf(i + 1, record)).join("");
    const temp = MarketJournal.tempFileOf(file);
    const fd = openSync(temp, "w", PRIVATE_FILE);
    try {
      writeAll(fd, Buffer.from(text), 0);
      await dataSync.sync(fd);
    } finally {
      closeSync(fd);
    }
    await step("journal-temp-written");
    await rename(temp, file);
    return new MarketJournal(file, Buffer.byteLength(text), first.length, false, step);
  }

  async syncFolder(): Promise<void> {
    await this.step("journal-renamed");
    await syncFolder(path.dirname(this.file));
  }

  /** Reads and checks a journal; undefined when there is none. Anything damaged throws DataFileError. */
  static async read(file: string, market: string, upTo?: number): Promise<JournalContents | undefined> {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
      // What this process knows it wrote whole; anything past it is a failed write, never acknowledged.
      if (upTo !== undefined) bytes = bytes.subarray(0, upTo);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    const damaged = (problem: string) => new DataFileError(file, problem);
    // Only the last line can be unfinished: each record is fsynced before the next is written.
    const complete = bytes.lastIndexOf(0x0a) + 1;
    const lines = bytes.subarray(0, complete).toString("utf8").split("\n");
    lines.pop(); // the empty string after the last "\n"
    const header = parseLine(lines[0]);
    if (!header || header.journal !== FORMAT || typeof header.base !== "string") {
      throw damaged(lines.length ? "does not start with a journal header this version understands" : "has no complete first line");
    }
    if (header.market !== market) throw damaged(`is the journal of market ${JSON.stringify(header.market)}, not of ${market}`);
    const contents: JournalContents = {
      base: header.base,
      records: [],
      seals: [],
      entries: 0,
      completeBytes: complete,
      tornBytes: bytes.length - complete,
    };
    for (let i = 1; i < lines.length; i++) {
      const line = i + 1;
      const entry = parseLine(lines[i]);
      if (!entry) throw damaged(`has a damaged line ${line} (not a JSON object)`);
      if (entry.n !== i) throw damaged(`has line ${line} numbered ${JSON.stringify(entry.n)} instead of ${i} (a line is missing or repeated)`);
      contents.entries = i;
      if (typeof entry.sealed === "string" && Object.keys(entry).length === 2) {
        contents.seals.push(entry.sealed);
        continue;
      }
      if (!isChangeRecord(entry)) throw damaged(`has a damaged line ${line} (not a change record)`);
      if (contents.seals.length) throw damaged(`has a change on line ${line} after a compaction began`);
      const { n: _n, ...record } = entry;
      contents.records.push({ line, record: record as ChangeRecord });
    }
    return contents;
  }

  /** An existing journal, to seal it (a compaction at start-up) after its torn tail if any. */
  static continuing(file: string, contents: JournalContents, step: StepHook = () => {}): MarketJournal {
    return new MarketJournal(file, contents.completeBytes, contents.entries, contents.tornBytes > 0, step);
  }

  /** Appends records (one group commit) and fsyncs them once. */
  async append(records: ChangeRecord[]): Promise<void> {
    await this.write(records.map((record, i) => lineOf(this.entries + 1 + i, record)).join(""), "record-written", records.length);
  }

  /** Marks that a compaction is about to replace the snapshot with the one of this digest. */
  async seal(digest: string): Promise<void> {
    await this.write(JSON.stringify({ n: this.entries + 1, sealed: digest }) + "\n", "seal-written");
  }

  /** Removes the journal (its snapshot holds everything in it now) and fsyncs the folder. */
  async delete(): Promise<void> {
    await rm(this.file, { force: true });
    await this.step("journal-removed");
    await syncFolder(path.dirname(this.file));
  }

  private async write(line: string, step: string, lines = 1): Promise<void> {
    const buffer = Buffer.from(line);
    // Open, write and close only reach the page cache and take microseconds, so they are made on
    // the spot: each trip through libuv's thread pool would cost a change about 0.2 ms before any
    // screen sees it (the fan-out bench). The fdatasync waits for the disk (data-sync.ts).
    const fd = openSync(this.file, "r+");
    try {
      // A failed write may have left part of a line: cut it first, so every line stays whole.
      if (this.mustTruncate) ftruncateSync(fd, this.bytes);
      this.mustTruncate = true; // until this line is whole and on disk
      writeAll(fd, buffer, this.bytes);
      await this.step(step);
      await dataSync.sync(fd);
      this.mustTruncate = false;
    } finally {
      closeSync(fd);
    }
    this.bytes += buffer.length;
    this.entries += lines;
  }
}

function lineOf(n: number, record: ChangeRecord): string {
  return JSON.stringify({ n, ...record }) + "\n";
}

/** Writes the whole buffer at `position` (a write may take only part of it). */
function writeAll(fd: number, buffer: Buffer, position: number): void {
  for (let done = 0; done < buffer.length; ) done += writeSync(fd, buffer, done, buffer.length - done, position + done);
}

function parseLine(line: string | undefined): Record<string, unknown> | undefined {
  if (line === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function isChangeRecord(entry: Record<string, unknown>): boolean {
  if (!Object.keys(entry).every((key) => RECORD_KEYS.has(key))) return false;
  const isObject = (v: unknown) => v === undefined || (typeof v === "object" && v !== null && !Array.isArray(v));
  const listsOf = (v: unknown, check: (item: unknown) => boolean) =>
    v === undefined || (isObject(v) && Object.values(v as object).every((list) => Array.isArray(list) && list.every(check)));
  const isId = (v: unknown) => typeof v === "string";
  return (
    isObject(entry.set) &&
    (entry.unset === undefined || (Array.isArray(entry.unset) && entry.unset.every(isId))) &&
    listsOf(entry.del, isId) &&
    listsOf(entry.order, isId) &&
    listsOf(entry.put, (item) => typeof item === "object" && item !== null && typeof (item as { id?: unknown }).id === "string")
  );
}
