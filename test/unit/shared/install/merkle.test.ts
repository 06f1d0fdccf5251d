import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { jobLeaf, merkleLevels, merkleTree, proofJson, proofOf, rootFromProof, rootOf } from '../../../../src/shared/install/merkle';

const sha = (t: string) => createHash('sha256').update(t).digest('hex');

describe('merkleTree', () => {
  it('gives every leaf a proof that leads to the root, for any number of leaves', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), (n) => {
        const leaves = Array.from({ length: n }, (_, i) => jobLeaf(sha, `job-${i}`, `agent-${i}`));
        const { root, proofs } = merkleTree(sha, leaves);
        leaves.forEach((leaf, i) => expect(rootFromProof(sha, leaf, proofs[i]!)).toBe(root));
        expect(Math.max(...proofs.map((p) => p.length))).toBe(Math.ceil(Math.log2(n)));
      }),
      { numRuns: 40 },
    );
  });

  it('is the leaf itself for a single PC', () => {
    const leaf = jobLeaf(sha, 'j', 'a');
    expect(merkleTree(sha, [leaf])).toEqual({ root: leaf, proofs: [[]] });
  });

  it("does not let one PC's proof vouch for another PC's job", () => {
    const leaves = ['a', 'b', 'c'].map((x) => jobLeaf(sha, `job-${x}`, `agent-${x}`));
    const { root, proofs } = merkleTree(sha, leaves);
    // agent-b replays agent-a's job id with its own proof, or agent-a's proof with its own id: neither reaches the root.
    expect(rootFromProof(sha, jobLeaf(sha, 'job-a', 'agent-b'), proofs[1]!)).not.toBe(root);
    expect(rootFromProof(sha, jobLeaf(sha, 'job-a', 'agent-b'), proofs[0]!)).not.toBe(root);
  });

  it('pairs adjacent nodes and carries an odd last node up unpaired (the shape agents verify)', () => {
    const node = (l: string, r: string) => sha(`pasang-job-node\u0000${l}\u0000${r}`);
    const l = ['a', 'b', 'c', 'd', 'e'].map((x) => jobLeaf(sha, `job-${x}`, `agent-${x}`));
    const levels = merkleLevels(sha, l);
    expect(rootOf(levels)).toBe(node(node(node(l[0]!, l[1]!), node(l[2]!, l[3]!)), l[4]!));
    expect(proofOf(levels, 4)).toEqual([`R${node(node(l[0]!, l[1]!), node(l[2]!, l[3]!))}`]);
    expect(proofOf(levels, 2)).toEqual([`L${l[3]}`, `R${node(l[0]!, l[1]!)}`, `L${l[4]}`]);
  });

  it('writes each proof as JSON text equal to the array serialised', () => {
    for (const n of [1, 2, 3, 7, 8, 33]) {
      const levels = merkleLevels(sha, Array.from({ length: n }, (_, i) => jobLeaf(sha, `job-${i}`, `agent-${i}`)));
      for (let i = 0; i < n; i++) expect(proofJson(levels, i)).toBe(JSON.stringify(proofOf(levels, i)));
    }
  });

  it('refuses malformed proof steps', () => {
    expect(rootFromProof(sha, 'x', ['Xabc'])).toBeNull();
    expect(rootFromProof(sha, 'x', [`L${'z'.repeat(64)}`])).toBeNull();
  });
});
