import { backoffDelay } from '../../../../../src/main/core/connection/backoff';
import { agentSocketUrl } from '../../../../../src/main/core/connection/serverConnection';
import { normalizeFingerprint } from '../../../../../src/main/core/connection/tlsOptions';

describe('backoffDelay', () => {
  it('doubles its ceiling each attempt up to the maximum', () => {
    const top = (attempt: number) => backoffDelay(attempt, { baseMs: 1000, maxMs: 60_000, random: () => 0.999999 });
    expect([0, 1, 2, 3, 4, 5, 6, 7, 40].map(top)).toEqual([999, 1999, 3999, 7999, 15999, 31999, 59999, 59999, 59999]);
  });
  it('spreads delays over the whole range (full jitter)', () => {
    expect(backoffDelay(3, { baseMs: 1000, random: () => 0 })).toBe(0);
    expect(backoffDelay(3, { baseMs: 1000, random: () => 0.5 })).toBe(4000);
  });
});

describe('agentSocketUrl', () => {
  it('maps http to ws and https to wss on /agent/ws', () => {
    expect(agentSocketUrl('http://127.0.0.1:7700')).toBe('ws://127.0.0.1:7700/agent/ws');
    expect(agentSocketUrl('https://pasang.bps.go.id/base/')).toBe('wss://pasang.bps.go.id/base/agent/ws');
  });
  it('refuses other schemes', () => {
    expect(() => agentSocketUrl('ftp://x')).toThrow('http(s)');
  });
});

describe('normalizeFingerprint', () => {
  it('accepts the colon form Node prints and plain hex', () => {
    const hex = 'ab'.repeat(32);
    expect(normalizeFingerprint('AB:'.repeat(31) + 'AB')).toBe(hex);
    expect(normalizeFingerprint(hex)).toBe(hex);
    expect(normalizeFingerprint('abc')).toBeNull();
  });
});
