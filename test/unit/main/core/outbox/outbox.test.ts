import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Outbox } from '../../../../../src/main/core/outbox/outbox';
import { silentLogger } from '../../../../../src/shared/logger';

describe('Outbox', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasang-outbox-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps unacknowledged entries across a restart, in order', () => {
    const a = new Outbox({ dir, logger: silentLogger });
    const e1 = a.add('metrics', { n: 1 });
    const e2 = a.add('metrics', { n: 2 });
    const e3 = a.add('metrics', { n: 3 });
    a.ack(e2.id);
    const b = new Outbox({ dir, logger: silentLogger });
    expect(b.pending().map((e) => e.id)).toEqual([e1.id, e3.id]);
    const e4 = b.add('metrics', { n: 4 });
    expect(e4.seq).toBeGreaterThan(e3.seq);
  });

  it('treats a repeated ack as nothing', () => {
    const o = new Outbox({ dir, logger: silentLogger });
    const e = o.add('metrics', {});
    expect(o.ack(e.id)?.id).toBe(e.id);
    expect(o.ack(e.id)).toBeUndefined();
  });

  it('keeps only the newest queued inventory', () => {
    const o = new Outbox({ dir, logger: silentLogger });
    o.add('inventory', { v: 1 });
    const m = o.add('metrics', {});
    const inv2 = o.add('inventory', { v: 2 });
    expect(o.pending().map((e) => e.id)).toEqual([m.id, inv2.id]);
    expect(fs.readdirSync(dir)).toHaveLength(2);
  });

  it('drops the oldest metrics beyond its bound', () => {
    const o = new Outbox({ dir, logger: silentLogger, maxMetrics: 3 });
    const ids = Array.from({ length: 5 }, (_, i) => o.add('metrics', { i }).id);
    expect(o.pending().map((e) => e.id)).toEqual(ids.slice(2));
  });

  it('sets a damaged entry aside and removes half-written temp files', () => {
    const o = new Outbox({ dir, logger: silentLogger });
    const e = o.add('metrics', {});
    const file = fs.readdirSync(dir).find((f) => f.includes(e.id))!;
    fs.writeFileSync(path.join(dir, file), '{"trunc');
    fs.writeFileSync(path.join(dir, '000000000099-x.json.tmp'), 'partial');
    const b = new Outbox({ dir, logger: silentLogger });
    expect(b.size).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual([`${file}.corrupt`]);
  });

  it('writes entries readable by the agent alone', () => {
    const o = new Outbox({ dir, logger: silentLogger });
    o.add('metrics', {});
    const file = path.join(dir, fs.readdirSync(dir)[0]!);
    expect(fs.statSync(file).mode & 0o077).toBe(0);
  });
});
