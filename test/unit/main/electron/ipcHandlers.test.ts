import { AgentApiChannels } from '../../../../src/shared/agentApi';
import { ErrorCodes, PasangError } from '../../../../src/shared/errors';
import { createLogger } from '../../../../src/shared/logger';
import {
  createIpcHandlerTable,
  type IpcInvokeEventLike,
  type IpcSenderFrame,
} from '../../../../src/main/electron/ipcHandlers';
import { FakeAgentHost } from '../../../support/fakeAgentApi';

const PAGE = 'pasang://app/agent/index.html#/request';

class FakeContents {
  readonly sent: [string, unknown][] = [];
  destroyed = false;
  private onDestroyed: (() => void)[] = [];
  constructor(readonly id: number) {}
  isDestroyed() {
    return this.destroyed;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  once(_event: 'destroyed', listener: () => void) {
    this.onDestroyed.push(listener);
  }
  destroy() {
    this.destroyed = true;
    for (const l of this.onDestroyed.splice(0)) l();
  }
}

function frame(url: string, parent: IpcSenderFrame | null = null): IpcSenderFrame {
  return { url, parent };
}

function ipcEvent(senderFrame: IpcSenderFrame | null, sender = new FakeContents(1)): IpcInvokeEventLike {
  return { senderFrame, sender };
}

function setup(isOurContents?: (s: { id: number }) => boolean) {
  const host = new FakeAgentHost();
  const logs: any[] = [];
  const table = createIpcHandlerTable({
    api: host.apiFor({ osUser: 'budi' }),
    logger: createLogger('ipc', { write: (l) => logs.push(JSON.parse(l)) }),
    ...(isOurContents ? { isOurContents } : {}),
  });
  const h = (channel: string) => table.handlers[channel]!;
  return { host, logs, table, h };
}

describe('createIpcHandlerTable', () => {
  it('has exactly one handler per channel of AgentApiChannels', () => {
    const { table } = setup();
    expect(Object.keys(table.handlers).sort()).toEqual(Object.values(AgentApiChannels).sort());
  });

  it('passes a call from a bundled page’s top frame to the AgentApi', async () => {
    const { h, host } = setup();
    expect(await h(AgentApiChannels.whoami)(ipcEvent(frame(PAGE)))).toMatchObject({
      ok: true,
      result: { name: 'budi' },
    });
    expect(await h(AgentApiChannels.act)(ipcEvent(frame(PAGE)), 'tkt_1', 'reject', 'Tidak perlu')).toEqual({
      ok: true,
      result: { queued: true, requestId: 'req-2' },
    });
    expect(await h(AgentApiChannels.catalog)(ipcEvent(frame(PAGE)), { search: 'libre' })).toMatchObject({ ok: true });
    expect(host.calls).toEqual([
      { osUser: 'budi', method: 'whoami', args: [] },
      { osUser: 'budi', method: 'act', args: ['tkt_1', 'reject', 'Tidak perlu'] },
      { osUser: 'budi', method: 'catalog', args: [{ search: 'libre' }] },
    ]);
  });

  it.each([
    ['a remote page', frame('https://evil.test/')],
    ['a look-alike host', frame('pasang://app.evil.test/agent/index.html')],
    ['a file page', frame('file:///tmp/index.html')],
    ['a subframe of our page', frame(PAGE, frame(PAGE))],
    ['an evil subframe in our page', frame('https://evil.test/', frame(PAGE))],
    ['a frame that is gone', null],
  ])('refuses %s with FORBIDDEN, logs it, and never calls the API', async (_what, senderFrame) => {
    const { h, host, logs } = setup();
    for (const channel of [AgentApiChannels.whoami, AgentApiChannels.act, AgentApiChannels.onStatus]) {
      expect(await h(channel)(ipcEvent(senderFrame), 'tkt_1', 'approve')).toEqual({
        ok: false,
        code: ErrorCodes.FORBIDDEN,
        message: 'not a Pasang window',
      });
    }
    expect(host.calls).toEqual([]);
    expect(host.listenerCount('onStatus')).toBe(0);
    expect(logs.filter((l) => l.msg === 'IPC from an untrusted sender refused')).toHaveLength(3);
  });

  it('refuses a webContents that is not one of our windows', async () => {
    const { h, host } = setup((s) => s.id === 7);
    expect(await h(AgentApiChannels.status)(ipcEvent(frame(PAGE), new FakeContents(8)))).toMatchObject({
      ok: false,
      code: ErrorCodes.FORBIDDEN,
    });
    expect(await h(AgentApiChannels.status)(ipcEvent(frame(PAGE), new FakeContents(7)))).toMatchObject({ ok: true });
    expect(host.calls.map((c) => c.method)).toEqual(['status']);
  });

  it.each<[string, unknown[]]>([
    [AgentApiChannels.act, ['tkt_1', 'install']],
    [AgentApiChannels.act, ['tkt_1']],
    [AgentApiChannels.ticket, [{ $gt: '' }]],
    [AgentApiChannels.catalog, [{ search: 'x', limit: 1e9 }]],
    [
      AgentApiChannels.submitRequest,
      [{ itemId: 'i', justification: 'Untuk survei ekonomi', approval: { mode: 'none' } }],
    ],
    [AgentApiChannels.status, ['extra']],
  ])('refuses bad arguments on %s with BAD_REQUEST before the API sees them', async (channel, args) => {
    const { h, host, logs } = setup();
    expect(await h(channel)(ipcEvent(frame(PAGE)), ...args)).toMatchObject({ ok: false, code: ErrorCodes.BAD_REQUEST });
    expect(host.calls).toEqual([]);
    expect(logs.some((l) => l.msg === 'IPC call with bad arguments refused')).toBe(true);
  });

  it('answers an API error by its code, and any other as INTERNAL', async () => {
    const { h, host } = setup();
    host.failures.set('myPc', new PasangError(ErrorCodes.AGENT_OFFLINE, 'offline'));
    host.failures.set('approvals', new Error('stack detail'));
    expect(await h(AgentApiChannels.myPc)(ipcEvent(frame(PAGE)))).toEqual({
      ok: false,
      code: ErrorCodes.AGENT_OFFLINE,
      message: 'offline',
    });
    expect(await h(AgentApiChannels.approvals)(ipcEvent(frame(PAGE)))).toEqual({
      ok: false,
      code: ErrorCodes.INTERNAL,
      message: 'internal error',
    });
  });

  describe('events', () => {
    it('forwards an event to each subscribed window, and drops a window when it unsubscribes or is destroyed', async () => {
      const { h, host, table } = setup();
      const [w1, w2] = [new FakeContents(1), new FakeContents(2)];
      const ch = AgentApiChannels.onTicketEvent;
      expect(await h(ch)(ipcEvent(frame(PAGE), w1), 'subscribe')).toEqual({ ok: true, result: null });
      await h(ch)(ipcEvent(frame(PAGE), w1), 'subscribe');
      await h(ch)(ipcEvent(frame(PAGE), w2), 'subscribe');
      // One subscription to the API, however many windows.
      expect(host.listenerCount('onTicketEvent')).toBe(1);
      host.emit('onTicketEvent', { action: 'approve' });
      expect(w1.sent).toEqual([[ch, { action: 'approve' }]]);
      expect(w2.sent).toEqual([[ch, { action: 'approve' }]]);

      await h(ch)(ipcEvent(frame(PAGE), w1), 'unsubscribe');
      host.emit('onTicketEvent', { action: 'reject' });
      expect(w1.sent).toHaveLength(1);
      expect(w2.sent).toHaveLength(2);

      w2.destroy();
      expect(table.subscribers('onTicketEvent')).toBe(0);
      expect(host.listenerCount('onTicketEvent')).toBe(0);
    });

    it('refuses an operation other than subscribe/unsubscribe', async () => {
      const { h, host } = setup();
      expect(await h(AgentApiChannels.onStatus)(ipcEvent(frame(PAGE)), 'emit')).toMatchObject({
        ok: false,
        code: ErrorCodes.BAD_REQUEST,
      });
      expect(host.listenerCount('onStatus')).toBe(0);
    });

    it('drops every subscription on dispose', async () => {
      const { h, host, table } = setup();
      await h(AgentApiChannels.onStatus)(ipcEvent(frame(PAGE)), 'subscribe');
      await h(AgentApiChannels.onCommandFailed)(ipcEvent(frame(PAGE)), 'subscribe');
      table.dispose();
      expect([host.listenerCount('onStatus'), host.listenerCount('onCommandFailed')]).toEqual([0, 0]);
    });
  });
});
