import { z } from 'zod';
import { xmlString, xsd } from '../../mapping/schema-types';

/**
 * Bodies and answers of POST /api/v1/login/ and /api/v1/login/refresh/: validated by the routes,
 * documented by the OpenAPI document from the same schemas.
 */

// The XSD types of AuthenticationRequest / LoginRequest14sp4 (UserId: xs:token 1–161; Password:
// 1–60, XML-safe): a userId BroadWorks would whitespace-collapse must not reach the token's sub.
export const loginBody = z.object({
  userId: xsd.userId().describe('BroadWorks user id (an administrator or an end user)'),
  password: xmlString(1, 60).describe('Its BroadWorks password'),
});

export const refreshBody = z.object({
  refreshToken: z.string().min(1).max(8192).describe('The refresh token of an earlier login'),
});

export const tokenPair = z.object({
  accessToken: z.string().describe('Bearer JWT for the /api routes'),
  refreshToken: z.string().describe('JWT for POST /api/v1/login/refresh/ (stateless: valid until it expires)'),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('Seconds until the access token expires'),
});

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
