// Off the main thread: parses an import's JSON body and cuts each long top-level list into short
// JSON texts, so the main thread rebuilds the document a slice at a time (import-body.ts) and is
// never held by one parse of megabytes. Plain JavaScript: worker threads do not get tsx's loader.
import { parentPort } from "node:worker_threads";

const decoder = new TextDecoder("utf-8");

parentPort.on("message", ({ id, bytes, sliceLength }) => {
  let document;
  try {
    document = JSON.parse(decoder.decode(bytes));
  } catch {
    parentPort.postMessage({ id, ok: false });
    return;
  }
  const slices = {};
  if (document && typeof document === "object" && !Array.isArray(document)) {
    for (const [key, value] of Object.entries(document)) {
      if (!Array.isArray(value) || value.length <= sliceLength) continue;
      const texts = [];
      for (let i = 0; i < value.length; i += sliceLength) texts.push(JSON.stringify(value.slice(i, i + sliceLength)));
      slices[key] = texts;
      document[key] = [];
    }
  }
  parentPort.postMessage({ id, ok: true, document, slices });
});
