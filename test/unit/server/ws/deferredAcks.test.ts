import { DeferredAcks } from '../../../../src/server/ws/deferredAcks';

describe('DeferredAcks', () => {
  let clock = 0;
  let sent: [string, string[]][] = [];
  let acks: DeferredAcks<string>;
  beforeEach(() => {
    jest.useFakeTimers();
    clock = 0;
    sent = [];
    acks = new DeferredAcks<string>({ delayMs: 1000, maxIds: 3, sweepMs: 100, now: () => clock, send: (peer, ids) => sent.push([peer, ids]) });
  });
  afterEach(() => {
    acks.close();
    jest.useRealTimers();
  });
  const advance = (ms: number) => {
    clock += ms;
    jest.advanceTimersByTime(ms);
  };

  it('holds acknowledgements until the delay has passed since the first one, then sends them in one frame', () => {
    acks.hold('pc-1', 'a');
    advance(600);
    acks.hold('pc-1', 'b');
    advance(300);
    expect(sent).toEqual([]);
    advance(200);
    expect(sent).toEqual([['pc-1', ['a', 'b']]]);
    expect(acks.peerCount).toBe(0);
  });

  it('sends at once when a peer has maxIds held', () => {
    acks.hold('pc-1', 'a');
    acks.hold('pc-1', 'b');
    acks.hold('pc-2', 'x');
    acks.hold('pc-1', 'c');
    expect(sent).toEqual([['pc-1', ['a', 'b', 'c']]]);
    advance(1100);
    expect(sent).toEqual([
      ['pc-1', ['a', 'b', 'c']],
      ['pc-2', ['x']],
    ]);
  });

  it('gives what is held to a frame sent anyway, and forgets a peer that is gone', () => {
    acks.hold('pc-1', 'a');
    acks.hold('pc-2', 'x');
    expect(acks.take('pc-1')).toEqual(['a']);
    expect(acks.take('pc-1')).toEqual([]);
    acks.drop('pc-2');
    advance(2000);
    expect(sent).toEqual([]);
  });

  it('sends peers in the order they fall due, each once', () => {
    acks.hold('pc-1', 'a');
    advance(500);
    acks.hold('pc-2', 'x');
    advance(600);
    expect(sent).toEqual([['pc-1', ['a']]]);
    acks.hold('pc-1', 'b');
    advance(500);
    expect(sent).toEqual([
      ['pc-1', ['a']],
      ['pc-2', ['x']],
    ]);
    advance(600);
    expect(sent).toEqual([
      ['pc-1', ['a']],
      ['pc-2', ['x']],
      ['pc-1', ['b']],
    ]);
  });

  it('sends everything held when closed', () => {
    acks.hold('pc-1', 'a');
    acks.hold('pc-2', 'x');
    acks.close();
    expect(sent).toEqual([
      ['pc-1', ['a']],
      ['pc-2', ['x']],
    ]);
  });
});
