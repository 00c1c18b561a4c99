/**
 * Paper market cards typed into a spreadsheet: one card a row, header columns
 * name, contact, kind (offer / need), text, tags (separated by ";" or "," inside the cell).
 * Pure: takes the file's text, returns the cards and every problem found, with its line number,
 * so the CLI can print them all and the app can import cards into a market later.
 */
import { parse } from "csv-parse/sync";
import { isPostKind, POST_KINDS, type PostKind } from "./kinds.ts";
import type { MatchablePost } from "./matching";

export interface Card {
  /** Line of the file where the card's row ends (the header is line 1). */
  line: number;
  name: string;
  contact: string;
  kind: PostKind;
  text: string;
  tags: string[];
}

export interface CardsCsvError {
  /** Absent for problems of the whole file (such as a missing column). */
  line?: number;
  message: string;
}

export const REQUIRED_CARD_COLUMNS = ["name", "kind", "text"] as const;
export const OPTIONAL_CARD_COLUMNS = ["contact", "tags"] as const;

interface ParsedRow {
  record: string[];
  info: { lines: number };
}

/** Spreadsheets in many locales save CSV with ";" between fields: trust the header line to tell. */
function guessDelimiter(text: string): string {
  const header = text.split(/\r?\n/, 1)[0] ?? "";
  return !header.includes(",") && header.includes(";") ? ";" : ",";
}

/** A CSV tags cell splits on ";" or "," only: a tag may hold spaces there ("bike repair"). */
export function splitTagCell(cell: string): string[] {
  return cell
    .split(/[;,]/)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== "");
}

export function parseCardsCsv(text: string): { cards: Card[]; errors: CardsCsvError[] } {
  const errors: CardsCsvError[] = [];
  let rows: ParsedRow[];
  try {
    rows = parse(text, {
      bom: true,
      info: true,
      delimiter: guessDelimiter(text.replace(/^\uFEFF/, "")),
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as unknown as ParsedRow[];
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    return {
      cards: [],
      errors: [{ ...(typeof line === "number" ? { line } : {}), message: `not readable as CSV: ${(error as Error).message}` }],
    };
  }

  const [header, ...body] = rows;
  if (!header) return { cards: [], errors: [{ message: "the file is empty: expected a header row name, contact, kind, text, tags" }] };

  const columns = new Map<string, number>();
  header.record.forEach((name, index) => {
    const key = name.trim().toLowerCase();
    if (!columns.has(key)) columns.set(key, index);
  });
  const missing = REQUIRED_CARD_COLUMNS.filter((column) => !columns.has(column));
  if (missing.length > 0) {
    return {
      cards: [],
      errors: [{
        line: header.info.lines,
        message: `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} in the header (found: ${header.record.join(", ") || "nothing"})`,
      }],
    };
  }

  const cell = (row: string[], column: string): string => {
    const index = columns.get(column);
    return index === undefined ? "" : (row[index] ?? "").trim();
  };

  const cards: Card[] = [];
  for (const { record, info } of body) {
    if (record.every((value) => value.trim() === "")) continue;
    const line = info.lines;
    const kindCell = cell(record, "kind");
    const lowered = kindCell.toLowerCase();
    const kind = isPostKind(lowered) ? lowered : undefined;
    const cardText = cell(record, "text");
    let ok = true;
    if (!kind) {
      errors.push({ line, message: `bad kind "${kindCell}" on line ${line}: expected ${POST_KINDS.join(" or ")}` });
      ok = false;
    }
    if (cardText === "") {
      errors.push({ line, message: `empty text on line ${line}` });
      ok = false;
    }
    if (!ok || !kind) continue;
    cards.push({
      line,
      name: cell(record, "name"),
      contact: cell(record, "contact"),
      kind,
      text: cardText,
      tags: splitTagCell(cell(record, "tags")),
    });
  }
  return { cards, errors };
}

/**
 * Cards as matchable posts. Cards with the same name and contact are one person's (so never
 * matched with each other); a card without a name is a person of its own.
 */
export function cardsToPosts(cards: Card[]): MatchablePost[] {
  return cards.map((card) => {
    const who = `${card.name}\u0000${card.contact}`.toLowerCase().replace(/\s+/g, " ");
    return {
      id: `card-${card.line}`,
      kind: card.kind,
      text: card.text,
      tags: card.tags,
      participantId: card.name.trim() === "" ? `anonymous-line-${card.line}` : who,
    };
  });
}
