// Broadcast fan-out checks for the wsgate /broadcast route with the Node `ws` client.
//
// Usage: node broadcast_client.mjs ws://127.0.0.1:PORT [RECEIVERS] [MESSAGES]
//
// RECEIVERS clients (default 1000) connect to /broadcast, then one more client sends MESSAGES
// text and MESSAGES binary messages. Every receiver must get every message exactly once, in
// order, with its type; the sender must get none of its own (includeSender is false).
// Prints `PASS`/`FAIL` lines and `N passed, M failed`; exit code 0 only if all passed.
import WebSocket from 'ws';

const BASE = (process.argv[2] || 'ws://127.0.0.1:8080').replace(/\/+$/, '');
const RECEIVERS = Number(process.argv[3] || 1000);
const MESSAGES = Number(process.argv[4] || 20);
const URL = `${BASE}/broadcast`;
const OPTIONS = { perMessageDeflate: false, handshakeTimeout: 10_000 };
const CONNECT_PARALLELISM = 50;
const OVERALL_TIMEOUT_MS = 90_000;

const results = [];
function check(name, ok, detail) {
  results.push({ name, ok });
  console.log(ok ? `PASS ${name}` : `FAIL ${name}: ${detail}`);
}

function connect() {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(URL, OPTIONS);
    const client = { ws, received: [] };
    ws.on('message', (data, isBinary) => client.received.push({ data: Buffer.from(data), isBinary }));
    ws.once('open', () => resolve(client));
    ws.once('error', reject);
  });
}

async function connectAll(count) {
  const clients = [];
  for (let i = 0; i < count; i += CONNECT_PARALLELISM) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + CONNECT_PARALLELISM); j++) batch.push(connect());
    clients.push(...(await Promise.all(batch)));
  }
  return clients;
}

function expected() {
  const list = [];
  for (let i = 0; i < MESSAGES; i++) list.push({ data: Buffer.from(`text-${i}`), isBinary: false });
  for (let i = 0; i < MESSAGES; i++) list.push({ data: Buffer.from([0xff, i & 0xff, 0x00, 0x7f]), isBinary: true });
  return list;
}

async function main() {
  const receivers = await connectAll(RECEIVERS);
  check(`${RECEIVERS} receivers connected`, receivers.length === RECEIVERS, `${receivers.length}`);
  const sender = await connect();
  // The gateway confirms group membership asynchronously after the handshake: a short settle
  // time keeps the test about delivery, not about the first milliseconds of a connection.
  await new Promise((r) => setTimeout(r, 500));

  const want = expected();
  for (const message of want) sender.ws.send(message.data, { binary: message.isBinary });

  const deadline = Date.now() + 60_000;
  const total = want.length;
  while (Date.now() < deadline && receivers.some((c) => c.received.length < total)) {
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 300)); // anything extra (duplicates) would arrive now

  let complete = 0;
  let firstProblem = '';
  for (const [index, client] of receivers.entries()) {
    const got = client.received;
    const same = got.length === total && got.every((m, i) => m.isBinary === want[i].isBinary && m.data.equals(want[i].data));
    if (same) complete++;
    else if (!firstProblem) firstProblem = `receiver ${index} got ${got.length}/${total} (first mismatch at ${got.findIndex((m, i) => !want[i] || m.isBinary !== want[i].isBinary || !m.data.equals(want[i].data))})`;
  }
  check(`every receiver got all ${total} messages once, in order, with their type`, complete === RECEIVERS, `${complete}/${RECEIVERS} complete; ${firstProblem}`);
  check('the sender did not get its own messages', sender.received.length === 0, `sender got ${sender.received.length}`);
  check(`deliveries ${RECEIVERS * total}`, receivers.reduce((n, c) => n + c.received.length, 0) === RECEIVERS * total,
    `${receivers.reduce((n, c) => n + c.received.length, 0)}`);

  for (const client of [...receivers, sender]) client.ws.close(1000);
}

const timer = setTimeout(() => {
  console.log(`FAIL overall: timed out after ${OVERALL_TIMEOUT_MS} ms`);
  process.exit(1);
}, OVERALL_TIMEOUT_MS);

main()
  .catch((e) => check('run', false, e && e.stack ? e.stack : String(e)))
  .finally(() => {
    clearTimeout(timer);
    const failed = results.filter((r) => !r.ok).length;
    console.log(`${results.length - failed} passed, ${failed} failed`);
    process.exit(failed === 0 ? 0 : 1);
  });
