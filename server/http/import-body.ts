// The import route's body parser. A market's export at the live caps is a few megabytes of JSON:
// one JSON.parse of it on the main thread would hold every other market's requests for tens of
// milliseconds. So the text is parsed on a worker thread, which hands back its long lists cut
// into slices; the main thread rebuilds them a slice at a time, giving the event loop back
// between slices (event-loop-budget.ts), as the import's checks do after it.
import express, { type NextFunction, type Request, type Response } from "express";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { ROOT } from "../root.ts";
import { eventLoopBudget } from "../market/event-loop-budget.ts";

/** Items per slice: a slice of posts parses in about a millisecond. */
const SLICE_LENGTH = 250;

type Parsed = { id: number; ok: false } | { id: number; ok: true; document: unknown; slices: Record<string, string[]> };

/** One worker for the process, started on the first import; imports are parsed one after another. */
class JsonSlicer {
  private worker?: Worker;
  private nextId = 0;
  private readonly waiting = new Map<number, (parsed: Parsed) => void>();

  parse(bytes: Buffer): Promise<Parsed> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      // The worker gets a copy it owns: a Buffer may share its memory with Node's pool, which must not move.
      const copy = new Uint8Array(bytes);
      worker.postMessage({ id, bytes: copy, sliceLength: SLICE_LENGTH }, [copy.buffer]);
      worker.ref();
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(path.join(ROOT, "server/http/json-slices-worker.mjs"));
    worker.unref(); // an idle worker never keeps the server alive
    worker.on("message", (parsed: Parsed) => {
      this.waiting.get(parsed.id)?.(parsed);
      this.waiting.delete(parsed.id);
      if (this.waiting.size === 0) worker.unref();
    });
    worker.on("error", (error) => this.fail(error));
    worker.on("exit", () => this.fail(new Error("The import parser stopped.")));
    this.worker = worker;
    return worker;
  }

  /** A crashed worker (out of memory on a hostile body, say) fails its jobs; the next import starts a new one. */
  private fail(error: Error): void {
    this.worker = undefined;
    for (const [id, resolve] of this.waiting) resolve({ id, ok: false });
    this.waiting.clear();
    console.error(`Import parser: ${error.message}`);
  }
}

const slicer = new JsonSlicer();

/** Reads the body (up to `limit` bytes) and sets `req.body` to its JSON, as express.json would. */
export function importBody(limit: number) {
  const raw = express.raw({ limit, type: () => true });
  return [
    raw,
    (req: Request, _res: Response, next: NextFunction) => {
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      parsedDocument(bytes).then((document) => {
        req.body = document;
        next();
      }, next);
    },
  ];
}

async function parsedDocument(bytes: Buffer): Promise<unknown> {
  if (bytes.length === 0) return {}; // as body-parser: an empty body is an empty object
  const parsed = await slicer.parse(bytes);
  // The same refusal body-parser gives, answered by the API's error handler (invalid_json).
  if (!parsed.ok) throw Object.assign(new Error("The body is not valid JSON."), { type: "entity.parse.failed", status: 400 });
  const { document, slices } = parsed;
  const budget = eventLoopBudget();
  for (const [key, texts] of Object.entries(slices)) {
    const list: unknown[] = [];
    for (const text of texts) {
      await budget.pause();
      for (const item of JSON.parse(text) as unknown[]) list.push(item);
    }
    (document as Record<string, unknown>)[key] = list;
  }
  return document;
}
