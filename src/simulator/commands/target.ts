import type { User } from '../demo-data';
import type { Reply } from '../replies';
import { req } from '../request-document';
import type { CommandContext } from './context';
import { errors } from './errors';
import { inScope } from './scope';

/**
 * Resolves the command's `userId`: not found → 4008, out of the account's scope → 5404,
 * and, when `service` is given, not assigned → 4410.
 */
export function targetUser(ctx: CommandContext, type: string, service?: string): User | Reply {
  const userId = req(ctx.node, 'userId');
  const user = ctx.state.user(userId);
  if (!user) return errors.userNotFound(userId);
  if (!inScope(ctx.state, ctx.account, user, type)) return errors.unauthorized();
  if (service && !user.services.includes(service)) return errors.serviceNotAssigned(service);
  return user;
}

/** Narrows `targetUser`'s result. */
export function isReply(x: User | Reply): x is Reply {
  return 'kind' in x;
}
