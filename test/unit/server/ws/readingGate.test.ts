import { ReadingGate, type Pausable } from '../../../../src/server/ws/readingGate';

class Peer implements Pausable {
  paused = false;
  pauses = 0;
  constructor(readonly name: string) {}
  pause(): void {
    this.paused = true;
    this.pauses++;
  }
  resume(): void {
    this.paused = false;
  }
}

describe('ReadingGate', () => {
  let later: (() => void)[];
  let gate: ReadingGate<Peer>;
  let peers: Peer[];
  const runBatch = () => {
    const run = later.shift();
    if (!run) throw new Error('no batch scheduled');
    run();
  };
  const readingNames = () => peers.filter((p) => !p.paused).map((p) => p.name);
  beforeEach(() => {
    later = [];
    gate = new ReadingGate<Peer>({ batch: 2, schedule: (run) => later.push(run) });
    peers = ['a', 'b', 'c', 'd', 'e'].map((n) => new Peer(n));
    for (const p of peers) gate.add(p);
  });

  it('reads every peer while open; closing pauses them all', () => {
    expect(gate.restricted).toBe(false);
    expect(peers.every((p) => gate.isReading(p) && !p.paused)).toBe(true);
    gate.close();
    expect(gate.closed).toBe(true);
    expect(readingNames()).toEqual([]);
    expect(peers.map((p) => gate.isReading(p))).toEqual([false, false, false, false, false]);
  });

  it('opens a batch per turn, in order, and is open once the last batch is resumed', () => {
    gate.close();
    gate.open();
    expect(gate.closed).toBe(false);
    expect(gate.restricted).toBe(true);
    expect(readingNames()).toEqual(['a', 'b']);
    runBatch();
    expect(readingNames()).toEqual(['a', 'b', 'c', 'd']);
    runBatch();
    expect(readingNames()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(gate.restricted).toBe(false);
    expect(later).toEqual([]);
  });

  it('closing again stops the batches; only the peers resumed since are paused again', () => {
    gate.close();
    gate.open();
    runBatch();
    for (const p of peers) p.pauses = 0;
    gate.close();
    expect(peers.map((p) => p.pauses)).toEqual([1, 1, 1, 1, 0]);
    runBatch(); // the batch scheduled before the gate closed does nothing
    expect(readingNames()).toEqual([]);
  });

  it('starts the next round with the last batch of the round before, then the peers after it', () => {
    gate.close();
    gate.open(); // a, b
    runBatch(); // c, d
    gate.close();
    gate.open();
    expect(readingNames()).toEqual(['c', 'd']);
    runBatch();
    expect(readingNames()).toEqual(['a', 'c', 'd', 'e']);
    runBatch();
    expect(readingNames()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(gate.restricted).toBe(false);
  });

  it('a peer added while closed waits paused; one added while opening gets its turn at the end', () => {
    gate.close();
    const f = new Peer('f');
    gate.add(f);
    expect(f.paused).toBe(true);
    gate.open();
    const g = new Peer('g');
    gate.add(g);
    expect(g.paused).toBe(true);
    peers.push(f, g);
    runBatch();
    runBatch();
    expect(readingNames()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    runBatch();
    expect(readingNames()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(gate.restricted).toBe(false);
  });

  it('a peer deleted is never resumed or paused again, also when it started the last batch', () => {
    gate.close();
    gate.open(); // a, b
    runBatch(); // c, d
    gate.close();
    const c = peers[2]!;
    gate.delete(c);
    c.pauses = 0;
    gate.open();
    gate.close();
    gate.open();
    expect(c.paused).toBe(true);
    expect(c.pauses).toBe(0);
    expect(readingNames()).toEqual(['a', 'b']);
  });

  it('opening an open gate or closing a closed one changes nothing', () => {
    gate.open();
    expect(later).toEqual([]);
    gate.close();
    for (const p of peers) p.pauses = 0;
    gate.close();
    expect(peers.map((p) => p.pauses)).toEqual([0, 0, 0, 0, 0]);
  });
});
