import { OneAtATurn } from '../../../../src/server/ws/oneAtATurn';

describe('OneAtATurn', () => {
  it('hands things on one per turn, in the order they came, none in the turn they came in', () => {
    const turns: (() => void)[] = [];
    const queue = new OneAtATurn((run) => turns.push(run));
    const handed: string[] = [];
    queue.push(() => handed.push('a'));
    queue.push(() => handed.push('b'));
    queue.push(() => handed.push('c'));
    expect(handed).toEqual([]);
    expect(turns).toHaveLength(1); // one turn asked for at a time
    expect(queue.length).toBe(3);
    turns.shift()!();
    expect(handed).toEqual(['a']);
    expect(turns).toHaveLength(1);
    turns.shift()!();
    expect(handed).toEqual(['a', 'b']);
    // Handed in meanwhile: after what was already waiting.
    queue.push(() => handed.push('d'));
    turns.shift()!();
    turns.shift()!();
    expect(handed).toEqual(['a', 'b', 'c', 'd']);
    expect(turns).toHaveLength(0);
    expect(queue.length).toBe(0);
  });

  it('asks for a new turn when something comes after it went idle', () => {
    const turns: (() => void)[] = [];
    const queue = new OneAtATurn((run) => turns.push(run));
    const handed: number[] = [];
    queue.push(() => handed.push(1));
    turns.shift()!();
    expect(turns).toHaveLength(0);
    queue.push(() => handed.push(2));
    expect(turns).toHaveLength(1);
    turns.shift()!();
    expect(handed).toEqual([1, 2]);
  });

  it('lets timers run between two things handed on (setImmediate by default)', async () => {
    const queue = new OneAtATurn();
    const log: string[] = [];
    await new Promise<void>((resolve) => {
      queue.push(() => {
        log.push('first');
        setTimeout(() => log.push('timer'), 0);
        const until = Date.now() + 5;
        while (Date.now() < until); // the timer is due before the next turn
      });
      queue.push(() => {
        log.push('second');
        resolve();
      });
    });
    expect(log).toEqual(['first', 'timer', 'second']);
  });
});
