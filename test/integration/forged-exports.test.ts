// Downloads that can't be forged: what people type (line breaks, formulas after a line break)
// never adds a row to a CSV, a line to follow-ups.txt, or a formula to the XLSX. Each file is read
// back with a real reader (csv-parse, read-excel-file).
import { parse } from "csv-parse/sync";
import readXlsxFile from "read-excel-file/node";
import { describe, expect, it } from "vitest";
import { call, hostStartsMarket, phoneJoins, post, setPhase } from "../support/market-api.ts";
import { useServer } from "../support/fixtures.ts";

const app = useServer();

const FORGED_TEXT = "Bike repair\n=HYPERLINK(\"http://evil.example\",\"click\")\r+SUM(1,2)\r\n@cmd";
/** The text as the market keeps it: each line break one "\n". */
const STORED_TEXT = FORGED_TEXT.replace(/\r\n?/g, "\n");
const PHONE = "+44 7700 900123";

async function forgeryMarket() {
  const market = await hostStartsMarket(app.origin, "Forgery market");
  const ana = await phoneJoins(app.origin, market.code, "Ana\n=1+1", "=HYPERLINK(\"http://evil.example\")", true);
  const bo = await phoneJoins(app.origin, market.code, "Bo", PHONE, true);
  await setPhase(app.origin, market, "connecting");
  const offer = await post(app.origin, market.code, ana, "offer", FORGED_TEXT);
  const need = await post(app.origin, market.code, bo, "need", "Fix my bike\n* Mallory <mallory@evil.example>\n  They offered: money");
  const asked = await call(app.origin, "POST", `/api/markets/${market.code}/connections`, { token: bo.token, body: { offerId: offer.id, needId: need.id } });
  await call(app.origin, "POST", `/api/markets/${market.code}/connections/${asked.body.connection.id}/accept`, { token: ana.token });
  return { market, ana, bo };
}

const download = async (path: string, token: string) => {
  const response = await fetch(`${app.origin}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return response;
};

/** Starts a line the way a spreadsheet would run it. */
const RUNS_AS_FORMULA = /^[\s\u00A0]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;

describe("exports that can't be forged", () => {
  it("quotes every cell with a line break, so any CSV reader sees the rows written, and guards each line of a cell", async () => {
    const { market } = await forgeryMarket();
    for (const [file, written] of [["export.csv", 1], ["export-posts.csv", 2]] as const) {
      const text = await (await download(`/api/markets/${market.code}/${file}`, market.hostKey)).text();
      // A lenient reader that ends a row at any line break outside quotes (as Python's csv does).
      const rows = parse(text, { bom: true, record_delimiter: ["\r\n", "\n", "\r"] }) as string[][];
      expect(rows.length, file).toBe(1 + written);
      for (const row of rows) {
        expect(row.length, file).toBe(rows[0]!.length);
        for (const cell of row) for (const line of cell.split(/\r\n|\r|\n/)) expect(line, `${file}: ${JSON.stringify(cell)}`).not.toMatch(RUNS_AS_FORMULA);
      }
      expect(rows.flat().find((cell) => cell.includes("Bike repair"))).toBe(STORED_TEXT.replace(/(^|\n)(?=[=+@])/g, "$1'"));
    }
  });

  it("writes follow-ups.txt where what people typed can't start a line of its own", async () => {
    const { market, ana } = await forgeryMarket();
    const text = await (await download(`/api/markets/${market.code}/follow-ups.txt`, ana.token)).text();
    const lines = text.split(/\r\n|\r|\n/);
    expect(lines.filter((line) => line.startsWith("* "))).toEqual([`* Bo <${PHONE}>`]);
    // The labels this file writes sit two spaces in; what people typed continues four spaces in.
    expect(lines.filter((line) => /^ {2}\S/.test(line))).toEqual(["  They needed: Fix my bike", "  With your offer: Bike repair"]);
    expect(lines.filter((line) => /^\S/.test(line) && !line.startsWith("* "))).toEqual(["Forgery market", expect.stringMatching(/^Follow-ups for Ana =1\+1, /)]);
  });

  it("gives the host an XLSX whose cells are all text: formulas don't run, phone numbers stay as typed", async () => {
    const { market } = await forgeryMarket();
    const response = await download(`/api/markets/${market.code}/export.xlsx`, market.hostKey);
    expect(response.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="forgery-market-[A-Z0-9]{6}\.xlsx"/);
    const sheets = await readXlsxFile(Buffer.from(await response.arrayBuffer()));
    expect(sheets.map((s) => s.sheet)).toEqual(["Connections", "Offers and needs", "Circles"]);
    const [connections, posts] = sheets.map((s) => s.data);
    expect(connections![0]).toEqual(["status", "offer_by", "offer_by_contact", "offer", "need_by", "need_by_contact", "need", "created_at", "updated_at"]);
    expect(connections).toHaveLength(2);
    expect(connections![1]!.slice(0, 7)).toEqual(["accepted", "Ana =1+1", '=HYPERLINK("http://evil.example")', STORED_TEXT, "Bo", PHONE, expect.stringContaining("Fix my bike")]);
    expect(posts).toHaveLength(3);
    // Every cell is a string (a formula cell would read back as its result or be typed otherwise).
    for (const row of [...connections!, ...posts!]) for (const cell of row) expect(cell === null || typeof cell === "string").toBe(true);
    // And none is written as a formula in the file itself.
    const { unzipSync, strFromU8 } = await import("fflate");
    const files = unzipSync(new Uint8Array(await (await download(`/api/markets/${market.code}/export.xlsx`, market.hostKey)).arrayBuffer()));
    const sheetXml = Object.entries(files).filter(([name]) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name)).map(([, bytes]) => strFromU8(bytes));
    expect(sheetXml.length).toBe(3);
    for (const xml of sheetXml) expect(xml).not.toContain("<f>");
  });
});
