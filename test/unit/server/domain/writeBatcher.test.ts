import { WriteBatcher } from '../../../../src/server/domain/writeBatcher';

/** A flush whose first batch fails ('disk full'); later batches are written to `written`. */
function failingOnce(written: number[]): (items: number[]) => Promise<void> {
  let fail = true;
  return async (items) => {
    if (fail) {
      fail = false;
      throw new Error('disk full');
    }
    written.push(...items);
  };
}

describe('WriteBatcher', () => {
  it('writes many small items in few batches and settles each when its batch is written', async () => {
    const batches: number[][] = [];
    const b = new WriteBatcher<number>({ flush: async (items) => void batches.push(items), maxItems: 100, maxDelayMs: 5 });
    await Promise.all(Array.from({ length: 250 }, (_, i) => b.add(i)));
    expect(batches.flat()).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(batches.length).toBeLessThanOrEqual(4);
    await b.close();
  });

  it('rejects the items of a failed batch and keeps going', async () => {
    let fail = true;
    const b = new WriteBatcher<number>({
      flush: async () => {
        if (fail) {
          fail = false;
          throw new Error('disk full');
        }
      },
      maxDelayMs: 1,
    });
    await expect(b.add(1)).rejects.toThrow('disk full');
    await expect(b.add(2)).resolves.toBeUndefined();
    await b.close();
  });

  it('writes what is queued on close and refuses new items', async () => {
    const seen: number[] = [];
    const b = new WriteBatcher<number>({ flush: async (items) => void seen.push(...items), maxDelayMs: 10_000 });
    const p = b.add(7);
    await b.close();
    await p;
    expect(seen).toEqual([7]);
    await expect(b.add(8)).rejects.toThrow('closed');
  });

  it('writes items nobody awaits with the others, and reports a failed batch of them once, with their count', async () => {
    const errors: [string, number][] = [];
    const written: number[] = [];
    const b = new WriteBatcher<number>({
      flush: failingOnce(written),
      maxDelayMs: 1,
      onError: (err, items) => errors.push([String(err), items]),
    });
    b.enqueue(1);
    b.enqueue(2);
    // An awaited item in the same batch still gets its own rejection, and is not counted as unawaited.
    await expect(b.add(3)).rejects.toThrow('disk full');
    expect(errors).toEqual([['Error: disk full', 2]]);
    b.enqueue(4);
    await b.close();
    expect(written).toEqual([4]);
    b.enqueue(5);
    expect(errors[1]).toEqual(['Error: WriteBatcher is closed', 1]);
  });

  it('calls each submitted item back once its batch is written or has failed, also when another callback throws', async () => {
    const written: number[] = [];
    const doneErrors: string[] = [];
    const b = new WriteBatcher<number>({
      flush: failingOnce(written),
      maxDelayMs: 1,
      onDoneError: (err) => void doneErrors.push(String(err)),
    });
    const heard = (item: number): Promise<unknown> => new Promise((resolve) => b.submit(item, resolve));
    const first = await Promise.all([heard(1), heard(2)]);
    expect(first.map(String)).toEqual(['Error: disk full', 'Error: disk full']);

    b.submit(3, () => {
      throw new Error('a broken callback');
    });
    await expect(heard(4)).resolves.toBeNull();
    expect(doneErrors).toEqual(['Error: a broken callback']);
    expect(written).toEqual([3, 4]);
    await b.close();
    expect(String(await heard(5))).toContain('closed');
  });
});
