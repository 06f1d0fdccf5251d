/**
 * A binary Merkle tree over job leaves, with the hash injected (SHA-256 from node:crypto on both ends) so this stays
 * pure. Leaves and inner nodes are domain-separated, and an odd node is carried up unpaired (no duplication, so no
 * second-preimage trick with a repeated last leaf).
 */
export type HashHex = (text: string) => string;

export function jobLeaf(hash: HashHex, jobId: string, agentId: string): string {
  return hash(`pasang-job-leaf\u0000${jobId}\u0000${agentId}`);
}

function node(hash: HashHex, left: string, right: string): string {
  return hash(`pasang-job-node\u0000${left}\u0000${right}`);
}

/** The root and, for each leaf, its proof (sibling hashes bottom-up; '' marks a level where the node had none). */
export function merkleTree(hash: HashHex, leaves: readonly string[]): { root: string; proofs: string[][] } {
  if (leaves.length === 0) throw new Error('merkleTree: no leaves');
  const proofs: string[][] = leaves.map(() => []);
  // Adjacent nodes pair up, so the leaves under any node are one contiguous range [from, to).
  let level = leaves.map((h, i) => ({ h, from: i, to: i + 1 }));
  while (level.length > 1) {
    const next: { h: string; from: number; to: number }[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i]!;
      const right = level[i + 1];
      if (!right) {
        next.push(left);
        continue;
      }
      // One string per step, shared by every proof that takes it (a 20,000-leaf tree would otherwise make 300,000).
      const fromLeft = `L${right.h}`;
      const fromRight = `R${left.h}`;
      for (let m = left.from; m < left.to; m++) proofs[m]!.push(fromLeft);
      for (let m = right.from; m < right.to; m++) proofs[m]!.push(fromRight);
      next.push({ h: node(hash, left.h, right.h), from: left.from, to: right.to });
    }
    level = next;
  }
  return { root: level[0]!.h, proofs };
}

/** Walks a proof from a leaf to the root it implies. */
export function rootFromProof(hash: HashHex, leaf: string, proof: readonly string[]): string | null {
  let h = leaf;
  for (const step of proof) {
    const side = step[0];
    const sibling = step.slice(1);
    if (!/^[0-9a-f]{64}$/.test(sibling)) return null;
    if (side === 'L') h = node(hash, h, sibling);
    else if (side === 'R') h = node(hash, sibling, h);
    else return null;
  }
  return h;
}
