import { AgentApiChannels, AgentApiMethods } from '../../../src/shared/agentApi';
import {
  AgentApiArgs,
  createAgentApiArgsValidator,
  isAgentApiEvent,
  isAgentApiMethod,
} from '../../../src/shared/agentApiArgs';

describe('agentApiArgs', () => {
  const check = createAgentApiArgsValidator();

  it('has a schema for every method and only for methods', () => {
    expect(Object.keys(AgentApiArgs).sort()).toEqual([...AgentApiMethods].sort());
    expect(isAgentApiMethod('status')).toBe(true);
    expect(isAgentApiMethod('onStatus')).toBe(false);
    expect(isAgentApiMethod('toString')).toBe(false);
    expect(isAgentApiEvent('onTicketEvent')).toBe(true);
    expect(isAgentApiEvent('status')).toBe(false);
    expect(Object.keys(AgentApiChannels)).toHaveLength(AgentApiMethods.length + 3);
  });

  it.each([
    ['status', []],
    ['catalog', [{}]],
    ['catalog', [{ search: 'office', category: 'Perkantoran' }]],
    ['ticket', ['tkt_1']],
    ['act', ['tkt_1', 'approve']],
    ['act', ['tkt_1', 'reject', 'Tidak diperlukan']],
    [
      'submitRequest',
      [{ itemId: 'itm_1', justification: 'Untuk mengolah data survei', approval: { mode: 'team_lead' } }],
    ],
  ] as const)('takes %s(%j)', (method, args) => {
    expect(check(method, args)).toEqual({ ok: true, args });
  });

  it('drops trailing undefined arguments (an optional note left out)', () => {
    expect(check('act', ['tkt_1', 'approve', undefined])).toEqual({ ok: true, args: ['tkt_1', 'approve'] });
  });

  it.each([
    ['status', [1]],
    ['catalog', []],
    ['catalog', [{ sql: 'x' }]],
    ['ticket', ['../etc/passwd']],
    ['ticket', []],
    ['act', ['tkt_1', 'install']],
    ['act', ['tkt_1', 'reject', null]],
    ['act', ['tkt_1', 'reject', 'note', 'extra']],
    ['submitRequest', [{ itemId: 'itm_1', justification: 'short', approval: { mode: 'team_lead' } }]],
    [
      'submitRequest',
      [{ itemId: 'itm_1', justification: 'Untuk mengolah data', approval: { mode: 'team_lead' }, osUser: 'root' }],
    ],
    ['whoami', 'not an array'],
  ] as const)('refuses %s(%j)', (method, args) => {
    expect(check(method, args)).toMatchObject({ ok: false, message: expect.any(String) });
  });
});
