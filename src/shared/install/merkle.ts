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

/** A tree's hashes level by level: the leaves first, the root alone last. */
export type MerkleLevels = readonly (readonly string[])[];

/** Builds the tree: adjacent nodes pair up; an odd last node is carried up as it is. */
export function merkleLevels(hash: HashHex, leaves: readonly string[]): MerkleLevels {
  if (leaves.length === 0) throw new Error('merkleTree: no leaves');
  const levels: string[][] = [[...leaves]];
  for (let level = levels[0]!; level.length > 1; ) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? node(hash, level[i]!, level[i + 1]!) : level[i]!);
    levels.push(next);
    level = next;
  }
  return levels;
}

export function rootOf(levels: MerkleLevels): string {
  return levels[levels.length - 1]![0]!;
}

/**
 * Calls `step` for each sibling on the way from a leaf to the root, bottom-up: 'L' when the path's node is the left
 * one (the sibling is on its right), 'R' when it is the right one. A level where the node had no sibling adds none.
 */
function walkProof(levels: MerkleLevels, leafIndex: number, step: (side: 'L' | 'R', sibling: string) => void): void {
  let index = leafIndex;
  for (let k = 0; k < levels.length - 1; k++) {
    const level = levels[k]!;
    const sibling = index ^ 1;
    if (sibling < level.length) step(index % 2 === 0 ? 'L' : 'R', level[sibling]!);
    index >>= 1;
  }
}

/** A leaf's proof: sibling hashes bottom-up, each prefixed with its side. */
export function proofOf(levels: MerkleLevels, leafIndex: number): string[] {
  const proof: string[] = [];
  walkProof(levels, leafIndex, (side, sibling) => proof.push(side + sibling));
  return proof;
}

/** The same proof as JSON text, written without building the array (a push sends 20,000 of them at once). */
export function proofJson(levels: MerkleLevels, leafIndex: number): string {
  let json = '';
  walkProof(levels, leafIndex, (side, sibling) => (json += json === '' ? `["${side}${sibling}"` : `,"${side}${sibling}"`));
  return json === '' ? '[]' : `${json}]`;
}

/** The root and, for each leaf, its proof. */
export function merkleTree(hash: HashHex, leaves: readonly string[]): { root: string; proofs: string[][] } {
  const levels = merkleLevels(hash, leaves);
  return { root: rootOf(levels), proofs: leaves.map((_, i) => proofOf(levels, i)) };
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
