// Sends JSON given in parts (server/market/json-parts.ts), gzipped for every browser, which asks
// for it. A part shared by many answers is encoded to bytes and deflated once, however many
// phones it goes to: each part is a raw deflate stream flushed to a byte boundary and left open
// (Z_SYNC_FLUSH), so parts join into one stream (RFC 1951) that an empty final block ends; the
// gzip frame around them (RFC 1952) carries the checksum and size of the whole. No match reaches
// across two parts, which costs a little size; compressing the same wall for each of 1,000 phones
// reconnecting at once cost the server seconds.
import { promisify } from "node:util";
import { constants, crc32, deflateRaw, deflateRawSync, type ZlibOptions } from "node:zlib";
import type { Request, Response } from "express";
import type { JsonPart } from "../market/json-parts.ts";

interface Encoded {
  bytes: Buffer;
  deflated?: Promise<Buffer>;
}

/** Dropped with their part: a market's shared parts live until its next change. */
const encodings = new WeakMap<JsonPart, Encoded>();
const OPEN_AT_A_BYTE: ZlibOptions = { finishFlush: constants.Z_SYNC_FLUSH };
const deflateRawAsync = promisify<Buffer, ZlibOptions, Buffer>(deflateRaw);
/** Below this a part is deflated on the spot: the thread pool's round trip would cost more. */
const ON_THE_SPOT_BYTES = 16 * 1024;
/** Deflate, no file name, no time, unknown system. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
const FINAL_BLOCK = deflateRawSync(Buffer.alloc(0));

function encoded(part: JsonPart): Encoded {
  let known = encodings.get(part);
  if (!known) {
    known = { bytes: Buffer.from(part.text, "utf8") };
    encodings.set(part, known);
  }
  return known;
}

function deflated(part: Encoded): Promise<Buffer> {
  // Shared by every answer that waits for it, so a part is deflated once even while phones pile in.
  part.deflated ??= (part.bytes.length < ON_THE_SPOT_BYTES ? Promise.resolve(deflateRawSync(part.bytes, OPEN_AT_A_BYTE)) : deflateRawAsync(part.bytes, OPEN_AT_A_BYTE)).catch((error: unknown) => {
    part.deflated = undefined; // the next answer tries again
    throw error;
  });
  return part.deflated;
}

/** The parts as one gzip body (exported for its test). */
export async function gzipOfParts(parts: readonly JsonPart[]): Promise<Buffer> {
  // Empty parts add nothing, and zlib's crc32 of a buffer with no memory behind it starts afresh.
  const all = parts.map(encoded).filter((part) => part.bytes.length > 0);
  const streams = await Promise.all(all.map(deflated));
  let checksum = 0;
  let size = 0;
  for (const part of all) {
    checksum = crc32(part.bytes, checksum);
    size += part.bytes.length;
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(checksum >>> 0, 0);
  trailer.writeUInt32LE(size % 2 ** 32, 4);
  return Buffer.concat([GZIP_HEADER, ...streams, FINAL_BLOCK, trailer]);
}

export async function sendJsonParts(req: Request, res: Response, parts: readonly JsonPart[]): Promise<void> {
  res.type("json");
  res.vary("Accept-Encoding");
  if (!req.acceptsEncodings("gzip")) {
    res.send(Buffer.concat(parts.map((part) => encoded(part).bytes)));
    return;
  }
  // Already encoded: the compression middleware lets an answer with a Content-Encoding pass.
  res.set("Content-Encoding", "gzip");
  res.send(await gzipOfParts(parts));
}
