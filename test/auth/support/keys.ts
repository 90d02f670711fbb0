import type { AuthConfig } from '../../../src/config';

/** A test-only HS256 secret (≥ 32 characters) and the auth config around it. */
export const TEST_SECRET = 'test-secret-for-the-auth-suite-0123456789';

export function authConfig(over: Partial<AuthConfig> = {}): AuthConfig {
  return { jwtSecret: TEST_SECRET, accessTtlSeconds: 900, refreshTtlSeconds: 3600, demo: false, ...over };
}
