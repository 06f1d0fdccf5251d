import { DeferredAcks } from '../../../../src/server/ws/deferredAcks';
import { AGENT_SILENCE_TIMEOUT_MS, METRICS_ACK_HOLD_MS } from '../../../../src/shared/protocol/linkTiming';

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

  it("with the server's hold, an agent sending metrics every 10 s hears from the server well within its silence timeout", () => {
    acks.close();
    const held = new DeferredAcks<string>({ delayMs: METRICS_ACK_HOLD_MS, maxIds: 8, now: () => clock, send: (peer, ids) => sent.push([peer, ids]) });
    const sentAt: number[] = [];
    const start = clock;
    for (let i = 0; i < 30 && sentAt.length < 2; i++) {
      held.hold('pc-1', `m${i}`);
      for (let s = 0; s < 10; s++) {
        advance(1000);
        if (sent.length > sentAt.length) sentAt.push(clock - start);
      }
    }
    held.close();
    // One frame per ~6 samples instead of one per sample, and each well before the agent would give the link up.
    expect(sent[0]![1]).toHaveLength(6);
    expect(sentAt[0]).toBeLessThanOrEqual(AGENT_SILENCE_TIMEOUT_MS - 10_000);
    expect(sentAt[1]! - sentAt[0]!).toBeLessThanOrEqual(AGENT_SILENCE_TIMEOUT_MS - 10_000);
  });
});
