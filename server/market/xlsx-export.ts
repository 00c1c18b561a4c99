// The host's spreadsheet: the same tables as the CSV downloads (exports.ts), one sheet each, every
// cell typed as text ("@" format). A text cell is never run as a formula and keeps what was typed,
// so "=1+1" stays text and "+44 7700 900123" shows as written, with no leading "'" and no number
// conversion. Built with write-excel-file (pure JavaScript, one dependency, no install scripts).
import writeXlsxFile, { type Row } from "write-excel-file/node";
import { circlesTable, connectionsTable, postsTable, type Table } from "./exports.ts";
import type { HostExport } from "./service.ts";

export const XLSX_SHEETS = { connections: "Connections", posts: "Offers and needs", circles: "Circles" } as const;

const textRow = (cells: readonly string[], header = false): Row => cells.map((value) => ({ value, type: String, format: "@", ...(header ? { fontWeight: "bold" as const } : {}) }));
const sheetData = (table: Table): Row[] => [textRow(table.header, true), ...table.rows.map((row) => textRow(row))];

export async function marketXlsx(data: HostExport): Promise<Buffer> {
  return writeXlsxFile([
    { data: sheetData(connectionsTable(data)), sheet: XLSX_SHEETS.connections, stickyRowsCount: 1 },
    { data: sheetData(postsTable(data)), sheet: XLSX_SHEETS.posts, stickyRowsCount: 1 },
    { data: sheetData(circlesTable(data)), sheet: XLSX_SHEETS.circles, stickyRowsCount: 1 },
  ]).toBuffer();
}
