import { createCodec } from '../../../../src/shared/protocol/codec';
import { ErrorCodes } from '../../../../src/shared/errors';
import { silentLogger } from '../../../../src/shared/logger';
import { FrameDecoderPool } from '../../../../src/server/ws/frameDecoderPool';
import { prepareInventory, unpackIdentities } from '../../../../src/server/domain/prepareInventory';
import { softwareIdentityKeys } from '../../../../src/server/domain/inventoryChanges';
import { makeInventory } from '../../../support/fixtures/inventory';

const frame = (type: string, payload: unknown, id = 'f-1') =>
  Buffer.from(JSON.stringify({ v: 1, id, type, ts: Date.now(), payload }));

describe('FrameDecoderPool', () => {
  const codec = createCodec();
  const pools: FrameDecoderPool[] = [];
  const pool = (workers: number) => {
    const p = new FrameDecoderPool({ codec, logger: silentLogger, workers });
    pools.push(p);
    return p;
  };
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  it('prepares an inventory on a worker exactly as inline', async () => {
    const inventory = makeInventory({ hostname: 'pc-pool' });
    const f = frame('inventory', { hash: 'a'.repeat(64), inventory }, 'inv-7');
    const [onWorker, inline] = await Promise.all([pool(1).decode(f), pool(0).decode(f)]);
    expect(onWorker).toEqual(inline);
    expect(onWorker).toEqual({
      ok: true,
      kind: 'inventory',
      id: 'inv-7',
      hash: 'a'.repeat(64),
      prepared: prepareInventory(inventory),
    });
  });

  it("makes the software list's identity keys on the worker only for a PC whose inventory the store holds", async () => {
    const inventory = makeInventory({ hostname: 'pc-pool', software: 3 });
    const f = () => frame('inventory', { hash: 'b'.repeat(64), inventory }, 'inv-8');
    const identitiesOf = (r: Awaited<ReturnType<FrameDecoderPool['decode']>>) =>
      r.ok && r.kind === 'inventory' ? r.prepared.sections.filter((s) => s.identities !== null) : [];
    expect(identitiesOf(await pool(1).decode(f()))).toEqual([]);
    const change = await pool(1).decode(f(), { forChange: true });
    expect(change).toEqual(await pool(0).decode(f(), { forChange: true }));
    expect(change.ok && change.kind === 'inventory' && change.prepared).toEqual(prepareInventory(inventory, { forChange: true }));
    const [software] = identitiesOf(change);
    expect(software!.section).toBe('software');
    expect(unpackIdentities(software!.identities!)).toEqual(softwareIdentityKeys(inventory.software));
    expect(softwareIdentityKeys(inventory.software)).toHaveLength(3);
  });

  it('starts a second worker only once frames wait for the first', async () => {
    const p = pool(2);
    const f = () => frame('inventory', { hash: 'c'.repeat(64), inventory: makeInventory({ hostname: 'pc-lazy', software: 50 }) }, 'inv-9');
    await p.decode(f());
    await p.decode(f());
    expect(p.runningWorkers).toBe(1);
    const burst = await Promise.all(Array.from({ length: 8 }, () => p.decode(f())));
    expect(burst.every((r) => r.ok)).toBe(true);
    expect(p.runningWorkers).toBe(2);
  });

  it('hands a frame that owns its memory to the worker, and copies a frame that shares a buffer', async () => {
    const p = pool(1);
    const inventory = makeInventory({ hostname: 'pc-moved', software: 300 });
    const text = JSON.stringify({ v: 1, id: 'inv-8', type: 'inventory', ts: Date.now(), payload: { hash: 'b'.repeat(64), inventory } });
    const own = Buffer.alloc(Buffer.byteLength(text), text);
    expect(own.byteLength).toBe(own.buffer.byteLength);
    const expected = { ok: true, kind: 'inventory', id: 'inv-8', hash: 'b'.repeat(64), prepared: prepareInventory(inventory) };
    expect(await p.decode(own)).toEqual(expected);
    expect(own.byteLength).toBe(0); // transferred: this thread no longer holds it

    const shared = Buffer.concat([Buffer.from(text), Buffer.from('tail other users still read')]);
    const slice = shared.subarray(0, Buffer.byteLength(text));
    expect(await p.decode(slice)).toEqual(expected);
    expect(shared.subarray(-27).toString()).toBe('tail other users still read');
    expect(slice.toString()).toBe(text);
  });

  it('answers an invalid frame with the typed error the codec gives', async () => {
    const p = pool(1);
    expect(await p.decode(Buffer.from('{"not json'))).toMatchObject({ ok: false, code: ErrorCodes.BAD_MESSAGE });
    expect(await p.decode(frame('inventory', { hash: 'x', inventory: {} }, 'bad-1'))).toMatchObject({
      ok: false,
      code: ErrorCodes.INVALID_PAYLOAD,
      refId: 'bad-1',
    });
  });

  it('hands back other message types as validated envelopes', async () => {
    const r = await pool(1).decode(
      frame('metrics', { sample: { sampledAt: new Date(0).toISOString(), cpuLoadPercent: 5 } }, 'm-1'),
    );
    expect(r).toMatchObject({
      ok: true,
      kind: 'envelope',
      envelope: { id: 'm-1', type: 'metrics', payload: { sample: { cpuLoadPercent: 5 } } },
    });
  });

  it('decodes many frames at once across two workers, each answered once', async () => {
    const p = pool(2);
    const frames = Array.from({ length: 40 }, (_, i) =>
      frame(
        'inventory',
        { hash: String(i % 10).repeat(64), inventory: makeInventory({ hostname: `pc-${i}` }) },
        `inv-${i}`,
      ),
    );
    const results = await Promise.all(frames.map((f) => p.decode(f)));
    expect(results.map((r) => (r.ok && r.kind === 'inventory' ? r.id : null))).toEqual(
      frames.map((_, i) => `inv-${i}`),
    );
    expect(p.pending).toBe(0);
  });
});
