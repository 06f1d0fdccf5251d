import { AgentApiChannels } from '../../../src/shared/agentApi';
import { createAgentApiBridge, type IpcRendererLike } from '../../../src/shared/agentApiBridge';
import { ErrorCodes, PasangError } from '../../../src/shared/errors';

function fakeIpc(answer: (channel: string, args: unknown[]) => unknown) {
  const invoked: [string, unknown[]][] = [];
  const listeners = new Map<string, Set<(e: unknown, p: unknown) => void>>();
  const ipc: IpcRendererLike = {
    async invoke(channel, ...args) {
      invoked.push([channel, args]);
      return answer(channel, args);
    },
    on(channel, l) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(l);
    },
    removeListener(channel, l) {
      listeners.get(channel)?.delete(l);
    },
  };
  const fire = (channel: string, payload: unknown) => {
    for (const l of listeners.get(channel) ?? []) l({ sender: 'ipcRenderer itself' }, payload);
  };
  return { ipc, invoked, listeners, fire };
}

describe('createAgentApiBridge', () => {
  it('invokes each method on its channel and unwraps the result', async () => {
    const f = fakeIpc(() => ({ ok: true, result: 42 }));
    const api = createAgentApiBridge(f.ipc);
    expect(await api.status()).toBe(42);
    await api.act('tkt_1', 'approve', undefined);
    expect(f.invoked).toEqual([
      [AgentApiChannels.status, []],
      [AgentApiChannels.act, ['tkt_1', 'approve']],
    ]);
  });

  it('rejects with the error’s code', async () => {
    const api = createAgentApiBridge(fakeIpc(() => ({ ok: false, code: ErrorCodes.FORBIDDEN, message: 'no' })).ipc);
    await expect(api.whoami()).rejects.toEqual(new PasangError(ErrorCodes.FORBIDDEN, 'no'));
    const plain = createAgentApiBridge(fakeIpc(() => ({ ok: false, code: 'X', message: 'm' })).ipc, {
      rejectWith: (code, message) => ({ code, message }),
    });
    await expect(plain.whoami()).rejects.toEqual({ code: 'X', message: 'm' });
  });

  it('subscribes once per event, gives listeners the payload only, and unsubscribes after the last', async () => {
    const f = fakeIpc(() => ({ ok: true, result: null }));
    const api = createAgentApiBridge(f.ipc);
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = api.onStatus((s) => a.push(s));
    const offB = api.onStatus((s) => b.push(s));
    f.fire(AgentApiChannels.onStatus, { connection: 'offline' });
    expect(a).toEqual([{ connection: 'offline' }]);
    expect(b).toEqual([{ connection: 'offline' }]);
    offA();
    offA();
    expect(f.listeners.get(AgentApiChannels.onStatus)?.size).toBe(1);
    offB();
    expect(f.listeners.get(AgentApiChannels.onStatus)?.size).toBe(0);
    expect(f.invoked).toEqual([
      [AgentApiChannels.onStatus, ['subscribe']],
      [AgentApiChannels.onStatus, ['unsubscribe']],
    ]);
  });

  it('exposes the methods and events of AgentApi and nothing else', () => {
    const api = createAgentApiBridge(fakeIpc(() => null).ipc);
    expect(Object.keys(api).sort()).toEqual(Object.keys(AgentApiChannels).sort());
  });
});
