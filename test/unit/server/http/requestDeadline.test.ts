import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { armRequestDeadline, liftRequestDeadline } from '../../../../src/server/http/requestDeadline';

describe('requestDeadline', () => {
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      armRequestDeadline(req, 150);
      if (req.url === '/lifted') liftRequestDeadline(req);
      let n = 0;
      req.on('data', (d: Buffer) => (n += d.length));
      req.on('end', () => res.end(String(n)));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  /** Sends 5 bytes, one every 100 ms: slower than the 150 ms deadline allows for the whole body. */
  function slowPost(urlPath: string): Promise<string> {
    return new Promise((resolve) => {
      const req = http.request(
        { port, host: '127.0.0.1', path: urlPath, method: 'POST', headers: { 'content-length': 5 } },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve(`${res.statusCode} ${body}`));
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
      let sent = 0;
      const t = setInterval(() => {
        if (req.destroyed) return clearInterval(t);
        req.write('x');
        if (++sent === 5) {
          clearInterval(t);
          req.end();
        }
      }, 100);
    });
  }

  it('drops a client that takes longer than the deadline to send its request', async () => {
    expect(await slowPost('/armed')).toBe('ECONNRESET');
  });

  it('lets a request it was lifted from take as long as it needs', async () => {
    expect(await slowPost('/lifted')).toBe('200 5');
  });

  it('leaves a request alone once its body has arrived', async () => {
    const r = await fetch(`http://127.0.0.1:${port}/quick`, { method: 'POST', body: 'abc' });
    await new Promise((res) => setTimeout(res, 200));
    expect(await r.text()).toBe('3');
  });
});
