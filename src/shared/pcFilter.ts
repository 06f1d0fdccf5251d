/**
 * The PC filter, declared once: the PC list's query parameters (GET /api/v1/agents), the console's filter controls
 * and its URL hash, and the `filter` of a bulk push (POST /api/v1/jobs, /jobs/preview, the two-person push request)
 * all read this schema. Query strings are parsed and written here so that the server's 400s and the console's hash
 * agree on every name and bound.
 *
 * How a PC belongs to a team: through the people recorded as using it — a confirmed OS-account link for that PC
 * (user_os_accounts, the link SOP step 1 requires of an employee requesting for a PC) of an enabled person of the team.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { MinVersionSchema } from './install/requirements';

/** The OS families an inventory names (protocol/inventory.ts), `other` included. */
export const PcOsFamilies = ['windows', 'linux', 'macos', 'other'] as const;

const MAX_BYTES = Number.MAX_SAFE_INTEGER;

export const PcFilterSchema = Type.Object(
  {
    search: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Host name contains this (case-insensitive)' })),
    online: Type.Optional(Type.Boolean({ description: 'Connected now (true) or not (false)' })),
    os: Type.Optional(Type.Union(PcOsFamilies.map((f) => Type.Literal(f)), { description: "The OS family of the PC's inventory" })),
    teamId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        pattern: '^[A-Za-z0-9_.:-]+$',
        description: 'PCs a confirmed OS account of an enabled member of this team is recorded on',
      }),
    ),
    software: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 256,
        description: 'An installed program, by name (case-insensitive; a trailing * matches by prefix), as catalog requirements name one',
      }),
    ),
    softwareMinVersion: Type.Optional({ ...MinVersionSchema, description: 'With software: at this version or newer (dotted numbers, e.g. 2.4 or 1:2.3)' }),
    softwareMissing: Type.Optional(
      Type.Boolean({ description: 'With software: PCs whose software list is known and lacks it (at that version or newer)' }),
    ),
    minMemoryBytes: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_BYTES, description: 'Installed RAM at least this (bytes)' })),
    minFreeDiskBytes: Type.Optional(
      Type.Integer({ minimum: 0, maximum: MAX_BYTES, description: 'Free space on the system drive (C: or /) at least this (bytes)' }),
    ),
    minCpuCores: Type.Optional(Type.Integer({ minimum: 1, maximum: 4096, description: 'Logical processors at least this' })),
    cpu: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'CPU model contains this (case-insensitive)' })),
  },
  { additionalProperties: false },
);
export type PcFilter = Static<typeof PcFilterSchema>;
export type PcFilterKey = keyof PcFilter;

export const PcFilterKeys = Object.keys(PcFilterSchema.properties) as PcFilterKey[];

/** What a filter asks that cannot be answered, in words (null: nothing). Rules across fields the schema cannot say. */
export function pcFilterProblem(filter: PcFilter): string | null {
  if (filter.software === undefined && (filter.softwareMinVersion !== undefined || filter.softwareMissing !== undefined)) {
    return 'softwareMinVersion and softwareMissing need software (the program they are about)';
  }
  return null;
}

type ParsedField = { ok: true; value: unknown } | { ok: false; message: string };

/** One query value against its property schema: the boolean, integer, closed-list and text kinds the filter uses. */
function parseField(key: string, raw: string, schema: TSchema): ParsedField {
  const s = schema as { type?: string; anyOf?: { const: string }[]; minimum?: number; maximum?: number; minLength?: number; maxLength?: number; pattern?: string };
  if (s.type === 'boolean') {
    return raw === 'true' || raw === 'false' ? { ok: true, value: raw === 'true' } : { ok: false, message: `${key} must be true or false` };
  }
  if (s.type === 'integer') {
    const n = /^\d{1,16}$/.test(raw) ? Number(raw) : NaN;
    const inRange = Number.isSafeInteger(n) && n >= (s.minimum ?? 0) && n <= (s.maximum ?? MAX_BYTES);
    return inRange ? { ok: true, value: n } : { ok: false, message: `${key} must be a whole number from ${s.minimum ?? 0} to ${s.maximum ?? MAX_BYTES}` };
  }
  if (s.anyOf) {
    const allowed = s.anyOf.map((a) => a.const);
    return allowed.includes(raw) ? { ok: true, value: raw } : { ok: false, message: `${key} must be one of ${allowed.join(', ')}` };
  }
  const text = raw.trim();
  if (text.length > (s.maxLength ?? Infinity)) return { ok: false, message: `${key} must be at most ${s.maxLength} characters` };
  if (s.pattern && !new RegExp(s.pattern).test(text)) {
    return { ok: false, message: key === 'softwareMinVersion' ? `${key} must be dotted numbers, e.g. 2.4 or 1:2.3` : `${key} has characters it cannot have` };
  }
  return { ok: true, value: text };
}

/** A refusal names the field it is about (`key`), for a form to point at, when it is one field's. */
export type PcFilterParse = { ok: true; filter: PcFilter } | { ok: false; message: string; key?: PcFilterKey };

/**
 * The filter from query parameters. An empty value counts as not given (a form field left blank); a value given twice,
 * out of bounds or of the wrong kind, and a parameter that is neither a filter field nor one of `alsoAllowed` (paging),
 * is refused with a sentence naming it.
 */
export function parsePcFilterQuery(query: URLSearchParams, alsoAllowed: readonly string[] = []): PcFilterParse {
  const props = PcFilterSchema.properties as Record<string, TSchema>;
  const filter: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const [key, raw] of query) {
    if (alsoAllowed.includes(key)) continue;
    const schema = Object.hasOwn(props, key) ? props[key] : undefined;
    if (!schema) return { ok: false, message: `unknown parameter ${JSON.stringify(key.slice(0, 40))}; the filters are ${PcFilterKeys.join(', ')}` };
    if (seen.has(key)) return { ok: false, message: `${key} is given more than once`, key: key as PcFilterKey };
    seen.add(key);
    if (raw.trim() === '') continue;
    const parsed = parseField(key, raw, schema);
    if (!parsed.ok) return { ok: false, message: parsed.message, key: key as PcFilterKey };
    filter[key] = parsed.value;
  }
  const problem = pcFilterProblem(filter as PcFilter);
  return problem ? { ok: false, message: problem, key: 'software' } : { ok: true, filter: filter as PcFilter };
}

/** The filter as query parameters, in the schema's order, leaving out what is not set. */
export function pcFilterToQuery(filter: PcFilter): URLSearchParams {
  const q = new URLSearchParams();
  for (const key of PcFilterKeys) {
    const v = filter[key];
    if (v !== undefined && v !== '') q.set(key, String(v));
  }
  return q;
}
