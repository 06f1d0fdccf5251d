/**
 * The answer of DELETE /api/v1/users/:id/oidc-link: the single-sign-on links an admin removed from a person (one per
 * identity provider), so the console can say which identity no longer logs them in.
 */
import { Type, type Static } from '@sinclair/typebox';

export const oidcLinkPath = (userId: string): string =>`/api/v1/users/${encodeURIComponent(userId)}/oidc-link`;

export const OidcUnlinkResponseSchema = Type.Object({
  ssoLinked: Type.Literal(false),
  removed: Type.Array(
    Type.Object({
      issuer: Type.String(),
      subject: Type.String(),
      /** The e-mail the link was made by. */
      email: Type.Union([Type.String(), Type.Null()]),
    }),
    { minItems: 1 },
  ),
});
export type OidcUnlinkResponse = Static<typeof OidcUnlinkResponseSchema>;
