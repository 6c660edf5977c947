// Interop checks for the wsgate /echo route with the Node `ws` client (8.x).
//
// Usage: node echo_client.mjs ws://127.0.0.1:PORT   (after `npm ci` in this folder)
//
// Prints one line per check (`PASS name` / `FAIL name: detail`), then `N passed, M failed`.
// Exit code 0 only if every check passed.
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';

const MIB = 1024 * 1024;
const MAX_MESSAGE = 16 * MIB;
const CHECK_TIMEOUT_MS = 30_000;
const OVERALL_TIMEOUT_MS = 120_000;

const BASE = (process.argv[2] || 'ws://127.0.0.1:8080').replace(/\/+$/, '');
const ECHO = `${BASE}/echo`;
const OPTIONS = { perMessageDeflate: false, handshakeTimeout: 10_000 };

const results = []; // { name, ok, detail }

class CheckFailed extends Error {}

function expect(cond, detail) {
  if (!cond) throw new CheckFailed(detail);
}

function describe(buf) {
  return `${buf.length} bytes, head=${buf.subarray(0, 16).toString('hex')}`;
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new CheckFailed(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A connected ws client with a message queue and a promise for the 'close' event. */
class Client {
  constructor(ws) {
    this.ws = ws;
    this.messages = [];
    this.waiters = [];
    this.errors = [];
    this.closeInfo = null;
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString('utf8') };
        resolve(this.closeInfo);
        for (const w of this.waiters.splice(0)) {
          w.reject(new CheckFailed(`connection closed (code ${code}) while waiting for a message`));
        }
      });
    });
    ws.on('error', (err) => this.errors.push(err)); // keep the process alive; inspected by checks
    ws.on('message', (data, isBinary) => {
      const msg = { data, isBinary };
      const w = this.waiters.shift();
      if (w) w.resolve(msg);
      else this.messages.push(msg);
    });
  }

  next(ms = 15_000) {
    if (this.messages.length) return Promise.resolve(this.messages.shift());
    if (this.closeInfo) {
      return Promise.reject(new CheckFailed(`connection closed (code ${this.closeInfo.code})`));
    }
    const p = new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
    return withTimeout(p, ms, 'an echoed message');
  }

  send(data, options = {}) {
    return new Promise((resolve, reject) => {
      this.ws.send(data, options, (err) => (err ? reject(err) : resolve()));
    });
  }

  terminate() {
    if (this.ws.readyState !== WebSocket.CLOSED) this.ws.terminate();
  }
}

function connect(protocols = []) {
  return withTimeout(
    new Promise((resolve, reject) => {
      const ws = new WebSocket(ECHO, protocols, OPTIONS);
      const client = new Client(ws);
      // ws does not surface socket errors (EPIPE, ECONNRESET) as 'error' events; record them
      // for diagnostics (e.g. a 1006 instead of the server's Close).
      ws.once('upgrade', (res) => {
        if (res.socket) res.socket.on('error', (err) => client.errors.push(err));
      });
      const onError = (err) => reject(err);
      ws.once('error', onError);
      ws.once('open', () => {
        ws.off('error', onError);
        resolve(client);
      });
    }),
    15_000,
    'the opening handshake',
  );
}

async function withClient(fn, protocols) {
  const client = await connect(protocols);
  try {
    return await fn(client);
  } finally {
    client.terminate();
  }
}

/** Sends `message` (string => text, Buffer => binary) and expects the identical message back. */
async function echo(client, message, ms = 15_000) {
  const isBinary = Buffer.isBuffer(message);
  const expected = isBinary ? message : Buffer.from(message, 'utf8');
  await withTimeout(client.send(message, { binary: isBinary }), ms, 'the send to complete');
  const reply = await client.next(ms);
  expect(reply.isBinary === isBinary,
    `sent a ${isBinary ? 'binary' : 'text'} message, got a ${reply.isBinary ? 'binary' : 'text'} message back`);
  expect(reply.data.equals(expected), `sent ${describe(expected)}, got ${describe(reply.data)}`);
}

function oneMibText() {
  // 16-byte unit with 1-, 3- and 4-byte characters -> exactly 1048576 UTF-8 bytes.
  const unit = 'abcdefghi\u20ac\u{1F600}';
  const text = unit.repeat(MIB / 16);
  if (Buffer.byteLength(text, 'utf8') !== MIB) throw new Error('bad 1 MiB text');
  return text;
}

async function fragmented(fragments, binary) {
  await withClient(async (c) => {
    for (let i = 0; i < fragments.length; i++) {
      const fin = i === fragments.length - 1;
      await withTimeout(c.send(fragments[i], { binary, fin }), 10_000, `fragment ${i} to be sent`);
    }
    const expected = Buffer.concat(fragments.map((f) => (Buffer.isBuffer(f) ? f : Buffer.from(f, 'utf8'))));
    const reply = await c.next(10_000);
    expect(reply.isBinary === binary, `expected a ${binary ? 'binary' : 'text'} message`);
    expect(reply.data.equals(expected), `expected ${describe(expected)}, got ${describe(reply.data)}`);
  });
}

async function pingPong(payload) {
  await withClient(async (c) => {
    const pong = new Promise((resolve) => c.ws.once('pong', resolve));
    c.ws.ping(payload);
    const data = await withTimeout(pong, 5_000, 'a pong');
    expect(data.equals(payload), `pinged with ${describe(payload)}, pong carried ${describe(data)}`);
    await echo(c, 'after-ping');
  });
}

async function closeWith(code, reason) {
  const c = await connect();
  try {
    await echo(c, 'before-close');
    const started = Date.now();
    c.ws.close(code, reason);
    const info = await withTimeout(c.closed, 15_000, "the server's Close and the TCP close");
    const elapsed = Date.now() - started;
    expect(info.code === code, `server answered Close with code ${info.code} (reason '${info.reason}'), expected ${code}`);
    // ws waits for the server to close TCP (closeTimeout, 30 s default) after the handshake.
    expect(elapsed < 5_000, `close handshake took ${elapsed} ms (server did not close TCP promptly)`);
  } finally {
    c.terminate();
  }
}

async function subprotocol(offer, expected) {
  await withClient(async (c) => {
    expect(c.ws.protocol === expected, `offered ${JSON.stringify(offer)}, negotiated '${c.ws.protocol}', expected '${expected}'`);
    await echo(c, 'sp');
  }, offer);
}

async function noSubprotocol() {
  // ws 8 aborts the handshake when it offered subprotocols and the server selected none.
  let client;
  try {
    client = await connect(['nope']);
  } catch (err) {
    expect(err.message === 'Server sent no subprotocol',
      `expected the handshake error 'Server sent no subprotocol', got: ${err.message}`);
    return;
  }
  client.terminate();
  throw new CheckFailed(`handshake succeeded with subprotocol '${client.ws.protocol}', expected 'Server sent no subprotocol'`);
}

async function concurrentClients(clients = 100, messages = 10) {
  const one = async (i) => withClient(async (c) => {
    const sent = Array.from({ length: messages }, (_, j) => `client-${i}-msg-${j}`);
    for (const m of sent) c.ws.send(m);
    const got = [];
    for (let j = 0; j < messages; j++) {
      const reply = await c.next(20_000);
      expect(!reply.isBinary, `client ${i}: got a binary message`);
      got.push(reply.data.toString('utf8'));
    }
    expect(JSON.stringify(got) === JSON.stringify(sent), `client ${i}: sent ${JSON.stringify(sent)}, got ${JSON.stringify(got)}`);
  });
  const outcomes = await Promise.allSettled(Array.from({ length: clients }, (_, i) => one(i)));
  const failures = outcomes.filter((o) => o.status === 'rejected').map((o) => o.reason);
  expect(failures.length === 0, `${failures.length}/${clients} clients failed; first: ${failures[0] && failures[0].message}`);
}

async function tooBig() {
  const c = await connect();
  try {
    await echo(c, 'before-too-big');
    c.ws.send(randomBytes(MAX_MESSAGE + 1), { binary: true }, () => {}); // errors are expected
    const info = await withTimeout(c.closed, 40_000, 'the server to close the connection').catch((err) => {
      throw new CheckFailed(`${err.message}; ${c.messages.length} message(s) were echoed meanwhile`);
    });
    const errors = c.errors.map((e) => e.message).join('; ');
    expect(info.code === 1009,
      `server closed with ${info.code} (reason '${info.reason}'), expected 1009` +
      (info.code === 1006 ? ' (1006 = no Close frame was read before the TCP connection ended;'
        + ' if the socket error is EPIPE/ECONNRESET, the server closed TCP while the client was still'
        + ' sending, so ws dropped the connection before reading the Close: the server must keep'
        + ' reading and discarding until the client\'s Close or a timeout before closing TCP)' : '') +
      (errors ? `; socket errors: ${errors}` : '') +
      (c.messages.length ? `; ${c.messages.length} message(s) were echoed instead` : ''));
  } finally {
    c.terminate();
  }
}

const CHECKS = [
  ['text echo', () => withClient((c) => echo(c, 'hello'))],
  ['text echo multi-byte UTF-8', () => withClient((c) => echo(c, 'h\u00e9llo w\u00f6rld \u20ac \u2713 \u{1F600} \u{1D11E} \u4e2d\u6587'))],
  ['binary echo', () => withClient((c) => echo(c, randomBytes(4096)))],
  ['empty text echo', () => withClient((c) => echo(c, ''))],
  ['empty binary echo', () => withClient((c) => echo(c, Buffer.alloc(0)))],
  ['1 MiB binary echo', () => withClient((c) => echo(c, randomBytes(MIB), 25_000))],
  ['1 MiB text echo', () => withClient((c) => echo(c, oneMibText(), 25_000))],
  ['fragmented text echo', () => fragmented(['hel', 'lo ', 'w\u00f6rld \u{1F600}', '!'.repeat(1000)], false)],
  ['fragmented text echo, UTF-8 sequence split across fragments', () => {
    const bytes = Buffer.from('split \u{1F600} \u20ac end', 'utf8');
    // cut inside the 4-byte emoji (bytes 6..9) and inside the 3-byte euro sign
    return fragmented([bytes.subarray(0, 8), bytes.subarray(8, 12), bytes.subarray(12)], false);
  }],
  ['fragmented binary echo', () => fragmented([Buffer.from([0, 1, 2]), randomBytes(70_000), Buffer.from([0xff]), randomBytes(10)], true)],
  ['ping/pong payload', () => pingPong(Buffer.from('abc'))],
  ['ping/pong 125-byte payload', () => pingPong(Buffer.from(Array.from({ length: 125 }, (_, i) => i)))],
  ['close 1000 echoed', () => closeWith(1000)],
  ['close 4001 echoed', () => closeWith(4001, 'bye')],
  ['subprotocol [other, echo.v2, echo.v1] -> echo.v2', () => subprotocol(['other', 'echo.v2', 'echo.v1'], 'echo.v2')],
  ['subprotocol [echo.v1] -> echo.v1', () => subprotocol(['echo.v1'], 'echo.v1')],
  ["subprotocol [nope] -> none (ws: 'Server sent no subprotocol')", noSubprotocol],
  ['100 concurrent clients x 10 messages', () => concurrentClients()],
  ['16 MiB + 1 byte -> close 1009', tooBig],
];

function summaryAndExit() {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed === CHECKS.length ? 0 : 1);
}

const overall = setTimeout(() => {
  const done = new Set(results.map((r) => r.name));
  for (const [name] of CHECKS) {
    if (!done.has(name)) {
      results.push({ name, ok: false });
      console.log(`FAIL ${name}: not finished (overall timeout ${OVERALL_TIMEOUT_MS / 1000}s exceeded)`);
    }
  }
  summaryAndExit();
}, OVERALL_TIMEOUT_MS);

async function main() {
  const { version } = JSON.parse(
    await import('node:fs').then((fs) => fs.promises.readFile(new URL('./node_modules/ws/package.json', import.meta.url), 'utf8')),
  );
  console.log(`node ${process.version}, ws ${version}, target ${ECHO}`);
  for (const [name, fn] of CHECKS) {
    const ms = name.includes('1009') ? 45_000 : CHECK_TIMEOUT_MS;
    try {
      await withTimeout(Promise.resolve().then(fn), ms, 'the check');
      results.push({ name, ok: true });
      console.log(`PASS ${name}`);
    } catch (err) {
      const detail = err instanceof CheckFailed ? err.message : `${err.name}: ${err.message}`;
      results.push({ name, ok: false, detail });
      console.log(`FAIL ${name}: ${detail}`);
    }
  }
  clearTimeout(overall);
  summaryAndExit();
}

main().catch((err) => {
  console.log(`FAIL internal error: ${err.stack || err}`);
  results.push({ name: 'internal error', ok: false });
  summaryAndExit();
});
