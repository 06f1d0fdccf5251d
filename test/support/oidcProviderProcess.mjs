// A real OpenID Provider for the tests: panva's `oidc-provider` (a certified OP), on 127.0.0.1 at a free port, in its
// own process (it ships ESM only, with koa and its own views: Jest need not load any of it). Its development
// interactions are the login and consent forms the tests submit. The accounts are the test's own: `login` is the
// account id (the ID token's `sub`), with the claims given.
//
// argv[2]: JSON {accounts: {login: {email, email_verified, name}}}. It listens first and prints one JSON line
// `{"issuer": "http://127.0.0.1:PORT"}`; then each line on stdin, `{"clients": [{client_id, client_secret,
// redirect_uris}]}`, (re)builds the provider with those clients and is answered `{"ready": true}` — so a test can start
// Pasang with the issuer first and register Pasang's callback URL (which has Pasang's port) after. It stops at SIGTERM
// or when its stdin closes (so it never outlives the test process).
import http from 'node:http';
import readline from 'node:readline';
import Provider from 'oidc-provider';

const { accounts = {} } = JSON.parse(process.argv[2] ?? '{}');

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

let handle = (_req, res) => {
  res.writeHead(503, { 'content-type': 'text/plain' });
  res.end('no clients registered yet');
};
server.on('request', (req, res) => handle(req, res));

function build(clients) {
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      ...c,
    })),
    async findAccount(_ctx, id) {
      const account = accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    pkce: { required: () => true },
    cookies: { keys: ['pasang-test-provider-cookie-key'] },
    features: { devInteractions: { enabled: true } },
  });
  return provider.callback();
}

process.stdout.write(`${JSON.stringify({ issuer })}\n`);

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const { clients } = JSON.parse(line);
  handle = build(clients);
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
});

function stop() {
  server.closeAllConnections();
  server.close(() => process.exit(0));
}
process.once('SIGTERM', stop);
process.stdin.on('end', stop);
