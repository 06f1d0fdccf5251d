import { createHash } from 'node:crypto';
import { auditEntryContent, auditEntryHash, GENESIS_HASH } from '../../../../src/server/domain/auditLog';

const base = {
  seq: 1,
  at: 1_764_000_000_000,
  actor_kind: 'user',
  actor_id: 'u-1',
  source: '10.0.0.5',
  action: 'ticket.approve',
  target: 'ticket:1',
  data: '{"from":"submitted","to":"approved"}',
  prev_hash: GENESIS_HASH,
};

describe('auditEntryHash', () => {
  it.each([
    ['a plain entry', {}],
    ['nulls', { actor_id: null, source: null, target: null, data: null }],
    ['quotes, backslashes, line breaks and non-ASCII', { data: '{"note":"Tolong \\"segera\\"\\nterima kasih — é 漢"}', target: 'a"b\\c' }],
    ['control characters and lone surrogates', { actor_id: '\u0000\u001f', source: '\ud800' }],
    ['large numbers', { seq: Number.MAX_SAFE_INTEGER, at: 253_402_300_799_999 }],
  ])('is the SHA-256 of the canonical JSON of its content: %s', (_name, over) => {
    const e = { ...base, ...over };
    expect(auditEntryHash(e)).toBe(createHash('sha256').update(auditEntryContent(e), 'utf8').digest('hex'));
  });

  it('changes with every column', () => {
    const h = auditEntryHash(base);
    for (const [k, v] of Object.entries({ seq: 2, at: 1, actor_kind: 'cli', actor_id: 'u-2', source: 'cli', action: 'ticket.reject', target: 'ticket:2', data: null, prev_hash: 'f'.repeat(64) })) {
      expect(auditEntryHash({ ...base, [k]: v })).not.toBe(h);
    }
  });

  it('refuses a non-finite seq or time', () => {
    expect(() => auditEntryHash({ ...base, at: Number.NaN })).toThrow(TypeError);
  });
});
