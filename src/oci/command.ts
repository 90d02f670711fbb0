/**
 * The shapes every layer shares when it talks about OCI-P commands.
 * A command body is an ordered record: element order is schema order, so whoever builds
 * a body must insert keys in the order the XSD declares them.
 */
import { memoByName } from './memo-by-name';

/** A value inside a command body: text, nil (`null` → `xsi:nil="true"`), or a nested element. */
export type OciValue = string | null | OciElement;

/**
 * A nested element. An array stands for a repeated element. `$type` is the element's
 * `xsi:type` (needed for abstract types such as `DepartmentKey`); `$nil` never appears.
 */
export interface OciElement {
  $type?: string;
  [name: string]: OciValue | OciValue[] | undefined;
}

/** A request the gateway sends: its concrete `xsi:type` and its body. */
export interface OciCommand {
  type: string;
  body: OciElement;
}

/** A parsed element of a reply: every child name maps to all its occurrences, in order. */
export interface ParsedElement {
  [name: string]: ParsedValue[];
}
export type ParsedValue = string | null | ParsedElement;

export type OciErrorSeverity = 'Error' | 'Warning' | 'Info';

/** The server's answer to one command, in the order the commands were sent. */
export type OciResult =
  | { kind: 'data'; type: string; echo?: string; body: ParsedElement }
  | { kind: 'success'; echo?: string }
  | {
      kind: 'error';
      echo?: string;
      severity: OciErrorSeverity;
      code?: number;
      summary: string;
      summaryEnglish: string;
      detail?: string;
    };

const WRITE_WORDS = new Set([
  'Add',
  'Modify',
  'Delete',
  'Assign',
  'Unassign',
  'Set',
  'Remove',
  'Replace',
  'Activate',
  'Deactivate',
  'Reset',
  'Move',
  'Copy',
  'Rename',
  'Create',
  'Update',
  'Logout',
]);
const READ_WORDS = new Set(['Get', 'Is', 'Verify', 'Authentication', 'Login']);

/**
 * True when a command may change server state. Decided from the CamelCase words of its type:
 * a write word anywhere wins; otherwise a read word makes it a read; unknown shapes count as
 * writes, so that the resend rule errs on the side of never replaying. Asked several times per
 * request for a few dozen command names: each name is split once.
 */
export const isWriteCommand: (type: string) => boolean = memoByName((type) => {
  const words = type.match(/[A-Z][a-z]*/g) ?? [];
  return words.some((w) => WRITE_WORDS.has(w)) || !words.some((w) => READ_WORDS.has(w));
});
