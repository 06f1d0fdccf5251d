import { canonicalJson } from '../../../src/shared/canonicalJson';
import { stableSection } from '../../../src/shared/inventoryProjection';
import { inventoryHash } from '../../../src/main/core/agent';
import { makeInventory } from '../../support/fixtures/inventory';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":2,"z":1}]},"b":1}');
  });
  it('refuses numbers JSON cannot carry', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
  });
});

describe('stableSection', () => {
  it('leaves free space out of the file systems', () => {
    expect(stableSection(makeInventory({ freeBytes: 1 }), 'fileSystems')).toEqual(stableSection(makeInventory({ freeBytes: 2 }), 'fileSystems'));
  });
});

describe('inventoryHash', () => {
  it('is the same for inventories that differ only in live state', () => {
    const a = makeInventory({ freeBytes: 1 });
    const b = { ...makeInventory({ freeBytes: 5 }), users: [], collectedAt: '2026-11-26T00:00:00Z' };
    expect(inventoryHash(a)).toBe(inventoryHash(b));
  });
  it('changes when a program is upgraded', () => {
    expect(inventoryHash(makeInventory({ variant: 1 }))).not.toBe(inventoryHash(makeInventory({ variant: 2 })));
  });
});
