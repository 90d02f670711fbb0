import type { Reply } from '../replies';
import type { XNode } from '../request-document';
import type { Account } from '../sessions';
import type { SimState } from '../state';

/** What a command handler sees: the model, the logged-in account and the command element. */
export interface CommandContext {
  state: SimState;
  account: Account;
  node: XNode;
}

export type CommandHandler = (ctx: CommandContext) => Reply;
