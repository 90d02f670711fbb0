import type { User } from '../demo-data';
import { tablePhone } from '../phone';
import type { SimState } from '../state';

/** R25 headings of user tables (userTable, assistantUserTable without "Opt-in"). */
export const USER_HEADINGS_BEFORE_OPT_IN = [
  'User Id',
  'Last Name',
  'First Name',
  'Hiragana Last Name',
  'Hiragana First Name',
  'Phone Number',
  'Extension',
  'Department',
  'Email Address',
] as const;
export const USER_HEADINGS_AFTER_OPT_IN = ['User External Id', 'User Place Type'] as const;

/** The "Department" cell: `<name> (<group or enterprise id>)`. */
export function departmentCell(state: SimState, u: User): string {
  const d = state.department(u);
  return d ? `${d.name} (${d.groupId ?? d.serviceProviderId})` : '';
}

/** The first nine cells of a user row. */
export function userCells(state: SimState, u: User): string[] {
  return [
    u.userId,
    u.lastName,
    u.firstName,
    u.lastName,
    u.firstName,
    tablePhone(u.phoneNumber),
    u.extension ?? '',
    departmentCell(state, u),
    u.email ?? '',
  ];
}

/** The trailing cells of a user row. */
export function userTailCells(_u: User): string[] {
  return ['', 'User'];
}
