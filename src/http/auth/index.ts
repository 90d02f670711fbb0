export { createAuth, type Auth, type AuthDeps } from './create-auth';
export { printDemoTokens } from './demo-tokens';
