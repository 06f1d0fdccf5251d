/**
 * Bodies of the people and access API (/api/v1/auth, /users, /teams, /os-accounts), declared once for validation,
 * types and the OpenAPI document.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Roles } from './roles';
import { Qualifications } from './people/qualifications';

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** Login names: letters, digits, `.`, `_`, `-`; stored lower case. */
export const UsernameSchema = Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' });
const DisplayName = Type.String({ minLength: 1, maxLength: 200 });
/** Checked in full by normalizeNip (the reason comes back with NIP_INVALID); spaces as printed are allowed. */
const Nip = Type.String({ minLength: 1, maxLength: 40 });
const Email = Type.String({ maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' });
const RoleSchema = Type.Union(Roles.map((r) => Type.Literal(r)));
const RoleList = Type.Array(RoleSchema, { minItems: 1, maxItems: Roles.length, uniqueItems: true });
const QualificationSchema = Type.Union(Object.keys(Qualifications).map((q) => Type.Literal(q)));
/** Lengths only: the rules (MIN_PASSWORD_LENGTH) are the server's, and say why when a password is refused. */
const Password = Type.String({ minLength: 1, maxLength: 256 });

export const UserViewSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  nip: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  teamId: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(RoleSchema),
  qualification: Type.Union([QualificationSchema, Type.Null()]),
  disabled: Type.Boolean(),
  /** Whether the person can log in to the console (has a password). */
  hasPassword: Type.Boolean(),
  totpEnabled: Type.Boolean(),
  /** Whether a single-sign-on identity is linked to the person (DELETE /api/v1/users/:id/oidc-link removes it). */
  ssoLinked: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type UserView = Static<typeof UserViewSchema>;

export const UserListSchema = Type.Object({
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  items: Type.Array(UserViewSchema),
});

export const CreateUserRequestSchema = Type.Object(
  {
    username: UsernameSchema,
    displayName: DisplayName,
    nip: Type.Optional(Nip),
    email: Type.Optional(Email),
    teamId: Type.Optional(Id),
    roles: RoleList,
    qualification: Type.Optional(QualificationSchema),
    /** Absent: no console login (a tray-only employee) until one is set. */
    password: Type.Optional(Password),
  },
  { additionalProperties: false },
);
export type CreateUserRequest = Static<typeof CreateUserRequestSchema>;

/** PATCH: the fields given change, null clears. */
export const UpdateUserRequestSchema = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    nip: Type.Optional(Nullable(Nip)),
    email: Type.Optional(Nullable(Email)),
    teamId: Type.Optional(Nullable(Id)),
    roles: Type.Optional(RoleList),
    qualification: Type.Optional(Type.Union([QualificationSchema, Type.Null()])),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserRequest = Static<typeof UpdateUserRequestSchema>;

/** PUT: the whole editable record; a field left out is cleared (disabled: false). The username never changes. */
export const ReplaceUserRequestSchema = Type.Object(
  {
    displayName: DisplayName,
    nip: Type.Optional(Nullable(Nip)),
    email: Type.Optional(Nullable(Email)),
    teamId: Type.Optional(Nullable(Id)),
    roles: RoleList,
    qualification: Type.Optional(Type.Union([QualificationSchema, Type.Null()])),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ReplaceUserRequest = Static<typeof ReplaceUserRequestSchema>;

/** An admin sets anyone's password; a person changes their own by giving the current one. */
export const SetPasswordRequestSchema = Type.Object(
  { password: Password, oldPassword: Type.Optional(Password) },
  { additionalProperties: false },
);
export type SetPasswordRequest = Static<typeof SetPasswordRequestSchema>;

export const LoginRequestSchema = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Password,
    /** The authenticator's 6 digits, for an account with TOTP enabled. */
    totp: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
  },
  { additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequestSchema>;

export const LoginResponseSchema = Type.Object({
  user: UserViewSchema,
  /** Sent back as `x-csrf-token` on every POST, PUT, PATCH and DELETE made with the session cookie. */
  csrfToken: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
});

export const MeResponseSchema = Type.Object({
  /** Null for a stand-alone API token, which is no person. */
  user: Type.Union([UserViewSchema, Type.Null()]),
  principal: Type.Object({ kind: Type.String(), roles: Type.Array(RoleSchema), via: Type.Optional(Type.String()) }),
  /** The session's CSRF token (session principals only): a reloaded console page gets it here. */
  csrfToken: Type.Optional(Type.String()),
});

export const TotpEnrollResponseSchema = Type.Object({
  /** Base32, for typing into an authenticator. */
  secret: Type.String(),
  /** `otpauth://totp/…`, for a QR code. */
  uri: Type.String(),
});

/** Enrolling asks for the password again: a borrowed session must not put its own second factor on the account. */
export const TotpEnrollRequestSchema = Type.Object({ password: Password }, { additionalProperties: false });
export type TotpEnrollRequest = Static<typeof TotpEnrollRequestSchema>;

export const TotpCodeRequestSchema = Type.Object(
  { code: Type.String({ pattern: '^[0-9]{6}$' }) },
  { additionalProperties: false },
);
export type TotpCodeRequest = Static<typeof TotpCodeRequestSchema>;

export const TeamViewSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  /** The Ketua Tim. */
  leadUserId: Type.Union([Type.String(), Type.Null()]),
  memberCount: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type TeamView = Static<typeof TeamViewSchema>;

const TeamName = Type.String({ minLength: 1, maxLength: 100 });

export const CreateTeamRequestSchema = Type.Object(
  { name: TeamName, leadUserId: Type.Optional(Nullable(Id)) },
  { additionalProperties: false },
);
export type CreateTeamRequest = Static<typeof CreateTeamRequestSchema>;

export const UpdateTeamRequestSchema = Type.Object(
  { name: Type.Optional(TeamName), leadUserId: Type.Optional(Nullable(Id)) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateTeamRequest = Static<typeof UpdateTeamRequestSchema>;

export const OsAccountViewSchema = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  /** Null: this OS user name on any PC. */
  agentId: Type.Union([Type.String(), Type.Null()]),
  osUser: Type.String(),
  confirmed: Type.Boolean(),
  confirmedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  confirmedBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
export type OsAccountView = Static<typeof OsAccountViewSchema>;

export const CreateOsAccountRequestSchema = Type.Object(
  { userId: Id, osUser: Type.String({ minLength: 1, maxLength: 256 }), agentId: Type.Optional(Nullable(Id)) },
  { additionalProperties: false },
);
export type CreateOsAccountRequest = Static<typeof CreateOsAccountRequestSchema>;
