/** The Executive resources as the tests read them (only the fields they look at are named). */

export interface Department {
  tenantId: string;
  groupId: string | null;
  departmentName: string;
  fullPathName: string;
}

export interface UserSummary {
  userId: string;
  firstName?: string;
  lastName?: string;
  department?: Department;
  [key: string]: unknown;
}

export interface Assistants {
  allowOptInOut: boolean;
  assistantUsers: UserSummary[];
}

export interface AvailableAssistants {
  users: UserSummary[];
}

export interface CriteriaItem {
  name: string;
  active: boolean;
  filter?: boolean;
  [key: string]: unknown;
}

export interface Filtering {
  enabled: boolean;
  mode: string;
  type: string;
  criteria: CriteriaItem[];
}

export interface Alerting {
  nextAssistantAfter: number;
  [key: string]: unknown;
}
