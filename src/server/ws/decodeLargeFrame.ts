/**
 * Decodes one large frame (an inventory, in practice) into what the hub acts on: validated by the shared codec as
 * every frame is, and an inventory already prepared for the store (section texts and hashes). Runs on a worker thread
 * (frameDecoderWorker.ts), so its result is plain data that crosses threads by structured clone.
 */
import type { ErrorCode } from '../../shared/errors';
import type { Codec } from '../../shared/protocol/codec';
import type { AnyEnvelope } from '../../shared/protocol/messages';
import { prepareInventory, type PreparedInventory, type PrepareOptions } from '../domain/prepareInventory';

export type LargeFrameResult =
  | { ok: false; code: ErrorCode; message: string; refId?: string }
  | { ok: true; kind: 'inventory'; id: string; hash: string; prepared: PreparedInventory }
  | { ok: true; kind: 'envelope'; envelope: AnyEnvelope };

export function decodeLargeFrame(codec: Codec, text: string, options: PrepareOptions = {}): LargeFrameResult {
  const d = codec.decode(text, 'agent');
  if (!d.ok) return d;
  const env = d.envelope;
  if (env.type === 'inventory') {
    return {
      ok: true,
      kind: 'inventory',
      id: env.id,
      hash: env.payload.hash,
      prepared: prepareInventory(env.payload.inventory, options),
    };
  }
  return { ok: true, kind: 'envelope', envelope: env };
}
