/**
 * Random bodies to the people and login routes (SECURITY.md 15): the server answers each with a 4xx or a success,
 * never a 5xx, and a refused change leaves the store as it was.
 */
import fc from 'fast-check';
import { startHarness, type Harness } from '../../support/serverHarness';

let h: Harness;
let userId: string;

beforeAll(async () => {
  h = await startHarness({ people: { passwordHash: { N: 1024 } } });
  userId = (await h.server.people.createUser({ username: 'fuzz.target', displayName: 'Fuzz', roles: ['employee'] })).id;
});
afterAll(async () => {
  await h.close();
});

/** Bodies near the real shapes (known keys with odd values) as well as anything at all. */
const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    '199001012015031001',
    '19900101 201503 1 001',
    'admin',
    'employee',
    'computing_degree',
    'a@b',
    null,
  ),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.constantFrom('admin', 'technician', 'team_lead', 'employee', 'root', ''), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
);
const keys = fc.constantFrom(
  'username',
  'displayName',
  'nip',
  'email',
  'teamId',
  'roles',
  'qualification',
  'password',
  'disabled',
  'name',
  'leadUserId',
  'totp',
  'oldPassword',
  '__proto__',
  'constructor',
);
const body = fc.oneof(fc.dictionary(keys, value, { maxKeys: 8 }), fc.jsonValue({ maxDepth: 3 }));

async function counts() {
  const users = await h.server.database.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const teams = await h.server.database.db
    .selectFrom('teams')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { users: Number(users.n), teams: Number(teams.n) };
}

describe('people routes under random bodies', () => {
  it.each([
    ['POST', '/api/v1/users'],
    ['PATCH', '/api/v1/users/:id'],
    ['PUT', '/api/v1/users/:id'],
    ['PUT', '/api/v1/users/:id/password'],
    ['POST', '/api/v1/teams'],
    ['POST', '/api/v1/os-accounts'],
    ['POST', '/api/v1/auth/login'],
  ])('%s %s never answers 5xx and changes nothing when it refuses', async (method, route) => {
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const before = await counts();
        const r = await h.api(method, route.replace(':id', userId), b);
        expect(r.status).toBeLessThan(500);
        if (r.status >= 400) expect(await counts()).toEqual(before);
        // Whatever got through, the target stays a valid person (a PUT/PATCH that succeeded set valid values).
        const target = await h.server.people.user(userId);
        expect(target?.roles.length).toBeGreaterThan(0);
        if (target?.disabled) await h.server.people.updateUser(userId, { disabled: false });
      }),
      { numRuns: 60 },
    );
  });
});
