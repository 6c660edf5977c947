// Benchmark reference peer: the Node `ws` server with the gateway's routes and semantics.
//
// Usage: node server.mjs [--port 8092] [--host 127.0.0.1]
//   /echo       every message back to its sender, same type
//   /broadcast  every message to every *other* open connection on the route, same type
// Configured like the gateway: no permessage-deflate, 16 MiB message limit, TCP_NODELAY (ws
// sets it on every socket). Prints "node-peer listening on HOST:PORT" once it accepts
// connections; exits on SIGTERM/SIGINT.
import http from 'node:http';
import { WebSocketServer, WebSocket } from 'ws';

const MAX_PAYLOAD = 16 * 1024 * 1024; // the gateway's default limits.maxMessageSize
const ECHO_PATH = '/echo';
const BROADCAST_PATH = '/broadcast';

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const port = Number(option('port', '8092'));
const host = option('host', '127.0.0.1');

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: MAX_PAYLOAD });
const broadcastMembers = new Set();

function echo(ws) {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
}

function broadcast(ws) {
  broadcastMembers.add(ws);
  ws.on('close', () => broadcastMembers.delete(ws));
  ws.on('message', (data, isBinary) => {
    for (const member of broadcastMembers) {
      if (member !== ws && member.readyState === WebSocket.OPEN) {
        member.send(data, { binary: isBinary });
      }
    }
  });
}

const server = http.createServer((request, response) => {
  response.writeHead(404).end();
});

server.on('upgrade', (request, socket, head) => {
  const path = new URL(request.url, 'http://localhost').pathname;
  const route = path === ECHO_PATH ? echo : path === BROADCAST_PATH ? broadcast : null;
  if (!route) {
    socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  wss.handleUpgrade(request, socket, head, (ws) => route(ws));
});

server.listen(port, host, () => console.log(`node-peer listening on ${host}:${port} (routes ${ECHO_PATH} ${BROADCAST_PATH})`));

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    for (const ws of wss.clients) {
      ws.terminate();
    }
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
