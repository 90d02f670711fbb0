import { z } from 'zod';
import { xmlString, xsd } from '../../mapping/schema-types';

/**
 * Bodies and answers of POST /api/v1/login/ and /api/v1/login/refresh/: validated by the routes,
 * documented by the OpenAPI document from the same schemas.
 */

// The XSD types of AuthenticationRequest / LoginRequest14sp4 (UserId: xs:token 1–161; Password:
// 1–60, XML-safe): a userId BroadWorks would whitespace-collapse must not reach the token's sub.
// `username` is APIO's name for the same field; logging in with it also opens a cookie session.
export const loginBody = z
  .object({
    userId: xsd.userId().optional().describe('BroadWorks user id (an administrator or an end user)'),
    username: xsd
      .userId()
      .optional()
      .describe(
        "APIO's name for userId (give one of the two): the answer then also sets the `sessionid` cookie of a cookie session",
      ),
    password: xmlString(1, 60).describe('Its BroadWorks password'),
  })
  // `when`: also checked when another field failed, so an empty body lists every missing field.
  .refine((b) => b.userId === undefined || b.username === undefined, {
    path: ['username'],
    message: 'give userId or username, not both',
    when: (payload) => isObject(payload.value),
  })
  .refine((b) => b.userId !== undefined || b.username !== undefined, {
    path: ['userId'],
    message: 'userId (or username) is required',
    when: (payload) => isObject(payload.value),
  });

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export const refreshBody = z.object({
  refreshToken: z.string().min(1).max(8192).describe('The refresh token of an earlier login'),
});

/** APIO's part of the login answer: the principal's ids and level as APIO's portals read them. */
export const apioLoginMembers = {
  ids: z
    .object({
      tenant_id: z.string().nullable(),
      group_id: z.string().nullable(),
      user_id: z.string().nullable(),
    })
    .describe("The login's tenant, group and user ids (null where its level has none)"),
  profile: z
    .object({
      user_level: z
        .union([z.literal(0), z.literal(8), z.literal(12), z.literal(16)])
        .describe("APIO's level: 0 end user, 8 group admin, 12 tenant admin, 16 system (and reseller)"),
      is_first_login: z.literal(false),
      access_type: z
        .literal(1)
        .optional()
        .describe('Present (1) for a reseller administrator: level 16 limited to its tenants'),
    })
    .describe("The login's level, as APIO answers it"),
};

export const tokenPair = z.object({
  accessToken: z.string().describe('Bearer JWT for the /api routes'),
  refreshToken: z.string().describe('JWT for POST /api/v1/login/refresh/ (stateless: valid until it expires)'),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('Seconds until the access token expires'),
});

export const loginAnswer = tokenPair.extend(apioLoginMembers);

export const loginExample = { userId: 'exec1@acme.example.com', password: 'exec1-password' };
const jwtExample =
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJleGVjMUBhY21lLmV4YW1wbGUuY29tIiwibGV2ZWwiOiJ1c2VyIn0.c2lnbmF0dXJlLWV4YW1wbGU';
export const refreshExample = { refreshToken: jwtExample };
export const tokenPairExample = {
  accessToken: jwtExample,
  refreshToken: jwtExample,
  tokenType: 'Bearer',
  expiresIn: 900,
};
export const loginAnswerExample = {
  ...tokenPairExample,
  ids: { tenant_id: 'acme-ent', group_id: 'acme-hq', user_id: 'exec1@acme.example.com' },
  profile: { user_level: 0, is_first_login: false },
};
