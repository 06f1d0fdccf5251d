'use strict';
/**
 * The baseline: a bare `ws` WebSocketServer (perMessageDeflate off, no auth, no validation, no storage, no replies)
 * that JSON.parses each message and counts it by `type`. It also answers POST /api/v1/enroll after parsing the body,
 * so the simulator runs the same steps against it as against the real server. Runs as its own process (forked), so
 * the parent reads its RSS and CPU from /proc exactly as it reads the real server's.
 *
 * IPC: {rid, cmd: 'listen', args: {host, port}} → {port}; {rid, cmd: 'stats'} → counters; {rid, cmd: 'setAck',
 * args: {ack}} (diagnostic: also ack every message); {cmd: 'exit'}.
 */
const http = require('node:http');
const { WebSocketServer } = require('ws');

const { machineMs: now } = require('./machineClock');

const counts = {
  connections: 0,
  open: 0,
  messages: 0,
  bytes: 0,
  byType: {},
  parseErrors: 0,
  enrolls: 0,
  firstInventoryAt: 0,
  lastInventoryAt: 0,
  acked: 0,
};
/** Diagnostic mode (--bare-ack): also answer every message with an ack frame, to price the reply alone. */
let ack = false;
let ackSeq = 0;

let nextAgent = 0;

const server = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/api/v1/enroll') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        JSON.parse(Buffer.concat(chunks).toString());
      } catch {
        res.writeHead(400).end();
        return;
      }
      counts.enrolls++;
      const body = JSON.stringify({
        agentId: `bare-${++nextAgent}`,
        agentSecret: 'bare-secret',
        serverPublicKey: 'none',
      });
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    return;
  }
  res.writeHead(404).end();
});
server.keepAliveTimeout = 5000;

const wss = new WebSocketServer({
  noServer: true,
  perMessageDeflate: false,
  maxPayload: 8 * 1024 * 1024,
  clientTracking: false,
});

server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => undefined);
  wss.handleUpgrade(req, socket, head, (ws) => {
    counts.connections++;
    counts.open++;
    ws.on('error', () => undefined);
    ws.on('close', () => {
      counts.open--;
    });
    ws.on('message', (data) => {
      counts.messages++;
      counts.bytes += data.length;
      let msg;
      try {
        msg = JSON.parse(data);
      } catch {
        counts.parseErrors++;
        return;
      }
      const type = msg.type;
      counts.byType[type] = (counts.byType[type] ?? 0) + 1;
      if (ack && typeof msg.id === 'string') {
        ws.send(`{"v":1,"id":"bare-ack-${++ackSeq}","type":"ack","ts":${Date.now()},"payload":{"ids":["${msg.id}"]}}`);
        counts.acked++;
      }
      if (type === 'inventory') {
        const t = now();
        if (!counts.firstInventoryAt) counts.firstInventoryAt = t;
        counts.lastInventoryAt = t;
      }
    });
  });
});

process.on('message', (msg) => {
  const reply = (result) => process.send({ rid: msg.rid, ok: true, result });
  if (msg.cmd === 'listen') {
    server.listen(msg.args.port ?? 0, msg.args.host ?? '127.0.0.1', () =>
      reply({ port: server.address().port, pid: process.pid }),
    );
  } else if (msg.cmd === 'stats') {
    reply({ ...counts, byType: { ...counts.byType } });
  } else if (msg.cmd === 'setAck') {
    ack = !!msg.args.ack;
    reply({ ack });
  } else if (msg.cmd === 'resetInventory') {
    counts.firstInventoryAt = 0;
    counts.lastInventoryAt = 0;
    counts.byType.inventory = 0;
    reply({});
  } else if (msg.cmd === 'exit') {
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
