/**
 * How one logs in to the console: the local password always, single sign-on (OpenID Connect) when the server is
 * configured for it. The login page asks `GET /api/v1/auth/methods`, sends the browser to the start path, and reads the
 * outcome of a failed SSO login from the query parameter the callback redirects back with.
 */
import { Type, type Static } from '@sinclair/typebox';

export const LoginMethodsResponseSchema = Type.Object({
  password: Type.Literal(true),
  /** Null when SSO is not configured. */
  oidc: Type.Union([
    Type.Null(),
    Type.Object({
      /** The button's text as the admin set it (`--oidc-label`); null: the page's own "Masuk dengan SSO". */
      label: Type.Union([Type.String(), Type.Null()]),
      /** Where the button leads (a plain navigation, not a fetch: the browser goes on to the identity provider). */
      startPath: Type.String(),
    }),
  ]),
});
export type LoginMethodsResponse = Static<typeof LoginMethodsResponseSchema>;

export const OIDC_START_PATH = '/api/v1/auth/oidc/start';
export const OIDC_CALLBACK_PATH = '/api/v1/auth/oidc/callback';
/** The query parameter of the console URL a failed SSO login lands on: an error code (src/shared/errors.ts). */
export const SSO_ERROR_PARAM = 'sso_error';
