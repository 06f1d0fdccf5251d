// The baseline for dispatch: a bare `ws` server (no auth, no store, permessage-deflate off) that, on an HTTP POST
// /broadcast, sends one given frame to every connected socket, and answers with the time it started. What the
// sockets send back (the receivers' acks) is JSON-parsed and counted, nothing more.
'use strict';
const http = require('node:http');
const { WebSocketServer } = require('ws');
const { machineMs } = require('../simulator/machineClock');

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const started = machineMs();
    let sent = 0;
    for (const ws of wss.clients) {
      ws.send(body);
      sent++;
    }
    res.end(JSON.stringify({ started, sent, received }));
  });
});
const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 1 << 20 });
// What the receivers send (their acks) is parsed, as the bare server of the scale benchmark parses every message.
let received = 0;
wss.on('connection', (ws) => {
  ws.on('error', () => {});
  ws.on('message', (data) => {
    JSON.parse(data.toString());
    received++;
  });
});
process.on('SIGTERM', () => process.exit(0));
server.listen(0, '127.0.0.1', () => process.send({ op: 'listening', port: server.address().port }));
