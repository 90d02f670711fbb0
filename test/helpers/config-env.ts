import { ConfigError, loadConfig } from '../../src/config';

/** What loadConfig needs before any OCI_URL-specific rule applies: the OCI login and a JWT secret. */
export function productionEnv(jwtSecret: string): Record<string, string> {
  return { OCI_USERNAME: 'gw', OCI_PASSWORD: 'pw', AUTH_JWT_SECRET: jwtSecret };
}

/** The message loadConfig throws for `env`, or '' when it accepts it; any other error is rethrown. */
export function configErrorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
    return '';
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.message;
  }
}
