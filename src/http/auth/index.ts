export { createAuth, type Auth, type AuthDeps } from './create-auth';
export { createEdge, createRateLimiter } from './edge';
export { printDemoTokens } from './demo-tokens';
export { REDACT_PATHS } from './redact';
