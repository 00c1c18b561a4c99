// Runs inside the hall's network namespace: accepts the phones' TCP connections on the venue's
// link and hands each to the faulty link's Unix socket (test/support/venue/faulty-link.ts), which
// lives in the test process. Plain JavaScript: it only pipes bytes.
import net from "node:net";

const [address, port, relaySocket] = process.argv.slice(2);
const server = net.createServer((phone) => {
  const relay = net.connect(relaySocket);
  phone.setNoDelay(true);
  phone.on("error", () => relay.destroy());
  relay.on("error", () => phone.destroy());
  relay.on("close", () => phone.destroy());
  phone.on("close", () => relay.destroy());
  phone.pipe(relay);
  relay.pipe(phone);
});
server.listen(Number(port), address, () => console.log("gateway listening"));
