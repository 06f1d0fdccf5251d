import { TurnTakingQueue } from '../../../../src/server/ws/turnTakingQueue';

describe('TurnTakingQueue', () => {
  let clock: number;
  let turns: (() => void)[];
  let queue: TurnTakingQueue;
  const flush = async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  /** A task that takes `ms` of the clock and records that it ran. */
  const task = (log: string[], name: string, ms: number) => () => {
    log.push(name);
    clock += ms;
    return Promise.resolve(name);
  };
  beforeEach(() => {
    clock = 0;
    turns = [];
    queue = new TurnTakingQueue({ budgetMs: 20, now: () => clock, yieldThen: (next) => turns.push(next) });
  });

  it('runs tasks one at a time, in order, back to back while they stay within the budget', async () => {
    const log: string[] = [];
    const results = Promise.all([
      queue.run(task(log, 'a', 5)),
      queue.run(task(log, 'b', 5)),
      queue.run(task(log, 'c', 5)),
    ]);
    expect(queue.length).toBe(3);
    await flush();
    expect(log).toEqual(['a', 'b', 'c']);
    expect(turns).toHaveLength(0);
    await expect(results).resolves.toEqual(['a', 'b', 'c']);
    expect(queue.length).toBe(0);
  });

  it('gives the event loop a turn once the tasks have held it for the budget, then goes on', async () => {
    const log: string[] = [];
    void queue.run(task(log, 'a', 15));
    void queue.run(task(log, 'b', 10));
    void queue.run(task(log, 'c', 1));
    await flush();
    expect(log).toEqual(['a', 'b']);
    expect(turns).toHaveLength(1);
    turns.shift()!();
    await flush();
    expect(log).toEqual(['a', 'b', 'c']);
  });

  it('never runs two at once: the next starts only when the one before has settled', async () => {
    const log: string[] = [];
    let finishFirst!: () => void;
    void queue.run(() => {
      log.push('first');
      return new Promise<void>((r) => (finishFirst = r));
    });
    void queue.run(task(log, 'second', 0));
    await flush();
    expect(log).toEqual(['first']);
    finishFirst();
    await flush();
    expect(log).toEqual(['first', 'second']);
  });

  it('a task that fails or throws rejects its own promise only; the queue goes on', async () => {
    const log: string[] = [];
    const failing = queue.run(() => Promise.reject(new Error('disk full')));
    const throwing = queue.run(() => {
      throw new Error('bad');
    });
    const after = queue.run(task(log, 'after', 0));
    await expect(failing).rejects.toThrow('disk full');
    await expect(throwing).rejects.toThrow('bad');
    await expect(after).resolves.toBe('after');
  });

  it('a task arriving at an idle queue starts at once, with a budget of its own', async () => {
    const log: string[] = [];
    await queue.run(task(log, 'a', 30));
    clock += 1000;
    void queue.run(task(log, 'b', 1));
    expect(log).toEqual(['a', 'b']);
    expect(turns).toHaveLength(0);
  });
});
