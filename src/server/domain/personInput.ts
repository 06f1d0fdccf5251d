/**
 * The rules for a person's fields, checked before anything is written (by the API, the CLI and the claims alike):
 * a refusal is a BAD_REQUEST that says what is allowed. The NIP's own rules are in shared/people/nip.ts (checkNip).
 */
import { ErrorCodes, PasangError } from '../../shared/errors';
import { isQualification, type Qualification } from '../../shared/people/qualifications';
import { isRole, type Role } from '../../shared/roles';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwordHash';

export const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

export function bad(message: string): PasangError {
  return new PasangError(ErrorCodes.BAD_REQUEST, message);
}

export function checkPasswordRules(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw bad(`a password has at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) throw bad(`a password has at most ${MAX_PASSWORD_LENGTH} characters`);
}

export function checkRoles(roles: readonly string[]): Role[] {
  if (roles.length === 0) throw bad('a person holds at least one role');
  for (const r of roles) if (!isRole(r)) throw bad(`unknown role "${r}"`);
  return [...new Set(roles)] as Role[];
}

export function checkQualification(q: string | null | undefined): Qualification | null {
  if (q === null || q === undefined) return null;
  if (!isQualification(q)) throw bad(`unknown qualification "${q}"`);
  return q;
}

export function checkEmail(email: string | null | undefined): string | null {
  if (email === null || email === undefined) return null;
  if (email.length > 254 || !EMAIL.test(email)) throw bad(`"${email}" is not an e-mail address`);
  return email;
}

export function checkDisplayName(name: string): string {
  const n = name.trim();
  if (n === '' || n.length > 200) throw bad('a display name has 1 to 200 characters');
  return n;
}

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}
