import fc from 'fast-check';
import { createCodec } from '../../../../src/shared/protocol/codec';
import { ErrorCodes } from '../../../../src/shared/errors';
import { MessageTypes, Messages } from '../../../../src/shared/protocol/messages';
import { makeInventory } from '../../../support/fixtures/inventory';

const codec = createCodec();
const sha = 'a'.repeat(64);
const frame = (o: Record<string, unknown>) => JSON.stringify({ v: 1, id: 'm-1', ts: 1, ...o });

describe('createCodec', () => {
  describe('decode', () => {
    it('accepts a valid inventory report from an agent', () => {
      const r = codec.decode(frame({ type: 'inventory', payload: { hash: sha, inventory: makeInventory() } }), 'agent');
      expect(r).toMatchObject({ ok: true, envelope: { type: 'inventory', id: 'm-1' } });
    });

    it('answers text that is not JSON with BAD_MESSAGE', () => {
      expect(codec.decode('{nope', 'agent')).toMatchObject({ ok: false, code: ErrorCodes.BAD_MESSAGE });
    });

    it('answers a broken envelope with BAD_MESSAGE and the id when there is one', () => {
      expect(codec.decode(JSON.stringify({ id: 'x1', type: 'hello' }), 'agent')).toMatchObject({ ok: false, code: ErrorCodes.BAD_MESSAGE, refId: 'x1' });
    });

    it('answers an unknown type with UNKNOWN_TYPE', () => {
      expect(codec.decode(frame({ type: 'run.shell', payload: {} }), 'agent')).toMatchObject({ ok: false, code: ErrorCodes.UNKNOWN_TYPE, refId: 'm-1' });
    });

    it('refuses a server message that arrives from an agent, and the reverse', () => {
      expect(codec.decode(frame({ type: 'settings', payload: { metricsIntervalSec: 5, live: false, liveIntervalSec: 2, inventoryCheckSec: 3600 } }), 'agent')).toMatchObject({ ok: false, code: ErrorCodes.UNKNOWN_TYPE });
      expect(codec.decode(frame({ type: 'metrics', payload: { sample: { sampledAt: '2026-11-25T08:00:00Z' } } }), 'server')).toMatchObject({ ok: false, code: ErrorCodes.UNKNOWN_TYPE });
    });

    it('does not take inherited names such as "constructor" for message types', () => {
      expect(codec.decode(frame({ type: 'constructor', payload: {} }), 'agent')).toMatchObject({ ok: false, code: ErrorCodes.UNKNOWN_TYPE });
    });

    it('answers an invalid payload with INVALID_PAYLOAD naming the field', () => {
      const r = codec.decode(frame({ type: 'metrics', payload: { sample: { sampledAt: 'yesterday' } } }), 'agent');
      expect(r).toMatchObject({ ok: false, code: ErrorCodes.INVALID_PAYLOAD });
      expect(!r.ok && r.message).toContain('/sample/sampledAt');
    });

    it('refuses another protocol version with UNSUPPORTED_VERSION', () => {
      expect(codec.decode(JSON.stringify({ v: 2, id: 'a', ts: 1, type: 'hello', payload: {} }), 'agent')).toMatchObject({ ok: false, code: ErrorCodes.UNSUPPORTED_VERSION });
    });

    it('never throws, whatever the frame', () => {
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ v: 1, id: 'a', ts: 1, type: 'metrics', payload: v }))), (text) => {
          const r = codec.decode(text, 'agent');
          expect(typeof r.ok).toBe('boolean');
        }),
        { numRuns: 500 },
      );
    });
  });

  describe('encode', () => {
    it('round-trips every message the agent may send', () => {
      const text = codec.encode('hello', { agentVersion: '0.1.0', protocol: 1, capabilities: ['inventory.v1'] }, 'id-1', 5);
      expect(codec.decode(text, 'agent')).toEqual({ ok: true, envelope: { v: 1, id: 'id-1', type: 'hello', ts: 5, payload: { agentVersion: '0.1.0', protocol: 1, capabilities: ['inventory.v1'] } } });
    });
  });

  describe('the message table', () => {
    it('declares a direction and an ack rule for every type', () => {
      for (const t of MessageTypes) {
        expect(['agent', 'server', 'both']).toContain(Messages[t].from);
        expect(typeof Messages[t].acked).toBe('boolean');
      }
    });
  });
});
