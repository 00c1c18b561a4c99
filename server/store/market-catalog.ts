// The lowdb store's catalog, `DATA_DIR/markets.catalog.json`: every market in brief (join code, phase,
// closing and round time-up; market-listing.ts), so a start reads one small file instead of every
// market. It is derived data, never the only copy: a market file changed after the catalog was
// written, a market marked as being written, or a catalog that is missing or damaged, is read
// again from the market's own files at start-up. Written whole when a listing changes (a new or
// deleted market, a phase, a round's time-up), not with every post, and at close.
import { readFile, stat, writeFile } from "node:fs/promises";
import type { MarketListing } from "../market/market-listing.ts";
import { PRIVATE_FILE } from "./private-files.ts";

const FORMAT = 1;
/** Files changed this long before the catalog was written are read again too (clock and mtime granularity). */
const MARGIN_MS = 2_000;

interface CatalogFile {
  catalog: number;
  /** Date.now() when the text was made: a market file changed after this is read again. */
  writtenAt: number;
  /** Markets with a write under way when the text was made: read again. */
  writing: string[];
  markets: MarketListing[];
}

export class MarketCatalog {
  readonly listings = new Map<string, MarketListing>();
  readonly idsByCode = new Map<string, string>();
  /** Markets with a write under way (their listing may be behind their files). */
  private readonly writing = new Map<string, number>();
  private saving: Promise<void> | undefined;
  private again = false;

  private constructor(
    readonly file: string,
    /** Listings read back from the last catalog, with when it was written; undefined without one. */
    readonly previous: { writtenAt: number; untrusted: Set<string> } | undefined,
  ) {}

  static async open(file: string): Promise<MarketCatalog> {
    const parsed = await readFile(file, "utf8").then(
      (text) => {
        try {
          return JSON.parse(text) as CatalogFile;
        } catch {
          return undefined; // damaged: everything is read again
        }
      },
      () => undefined,
    );
    if (!parsed || parsed.catalog !== FORMAT || !Array.isArray(parsed.markets)) return new MarketCatalog(file, undefined);
    const catalog = new MarketCatalog(file, { writtenAt: parsed.writtenAt, untrusted: new Set(parsed.writing) });
    for (const listing of parsed.markets) catalog.set(listing);
    return catalog;
  }

  /** Whether a market's listing can be trusted without reading its files (`changedAt`: their latest mtime). */
  trusts(id: string, changedAt: number): boolean {
    const { previous } = this;
    return !!previous && this.listings.has(id) && !previous.untrusted.has(id) && changedAt < previous.writtenAt - MARGIN_MS;
  }

  /** Records a market's listing; true when it differs from the one held (the catalog must be written). */
  set(listing: MarketListing): boolean {
    const before = this.listings.get(listing.id);
    if (before && JSON.stringify(before) === JSON.stringify(listing)) return false;
    if (before && before.code !== listing.code && this.idsByCode.get(before.code) === listing.id) this.idsByCode.delete(before.code);
    this.listings.set(listing.id, listing);
    this.idsByCode.set(listing.code, listing.id);
    return true;
  }

  delete(id: string): void {
    const listing = this.listings.get(id);
    this.listings.delete(id);
    if (listing && this.idsByCode.get(listing.code) === id) this.idsByCode.delete(listing.code);
  }

  /** Call before a market's files change; `written` once they did (or failed to). */
  startWriting(id: string): void {
    this.writing.set(id, (this.writing.get(id) ?? 0) + 1);
  }

  written(id: string): void {
    const left = (this.writing.get(id) ?? 1) - 1;
    if (left > 0) this.writing.set(id, left);
    else this.writing.delete(id);
  }

  /** Writes the catalog soon (changes in the meantime share the write). Never throws. */
  save(): Promise<void> {
    if (this.saving) {
      this.again = true;
      return this.saving;
    }
    this.saving = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.writeNow())
      .catch((error: unknown) => console.error("Could not write the market catalog (it is rebuilt at the next start):", error))
      .finally(() => {
        this.saving = undefined;
        if (this.again) {
          this.again = false;
          void this.save();
        }
      });
    return this.saving;
  }

  async flush(): Promise<void> {
    while (this.saving) await this.saving;
  }

  private async writeNow(): Promise<void> {
    const text = JSON.stringify({ catalog: FORMAT, writtenAt: Date.now(), writing: [...this.writing.keys()], markets: [...this.listings.values()] } satisfies CatalogFile);
    // In place, no temp file: cut short by a crash, it no longer parses and is rebuilt.
    await writeFile(this.file, text, { mode: PRIVATE_FILE });
  }
}

/** The latest modification time among these files, in ms (0 for a file that is not there). */
export async function changedAt(files: string[]): Promise<number> {
  const times = await Promise.all(files.map((file) => stat(file).then((s) => s.mtimeMs, () => 0)));
  return Math.max(0, ...times);
}
