import { readFileSync } from 'node:fs';
import { fixturePath } from './paths';

/** The shapes of fixtures/demo-data.json (also the simulator's live state). */

export type ScheduleLevel = 'User' | 'Group' | 'Service Provider';

export interface ServiceProvider {
  id: string;
  name: string;
  isEnterprise: boolean;
  resellerId?: string;
  domain: string;
}

export interface Group {
  serviceProviderId: string;
  groupId: string;
  name: string;
}

export interface Department {
  serviceProviderId: string;
  /** Absent for an enterprise-level department. */
  groupId?: string;
  name: string;
  parent?: string;
}

export interface Admin {
  userId: string;
  password: string;
  loginType: 'System' | 'Reseller' | 'Service Provider' | 'Group';
  resellerId?: string;
  serviceProviderId?: string;
  groupId?: string;
}

export interface Schedule {
  type: 'Time' | 'Holiday';
  name: string;
  level: ScheduleLevel;
  serviceProviderId: string;
  groupId?: string;
  userId?: string;
}

export interface ScheduleRef {
  level: ScheduleLevel;
  name: string;
}

export interface Criteria {
  name: string;
  active: boolean;
  timeSchedule?: ScheduleRef;
  holidaySchedule?: ScheduleRef;
  filter: boolean;
  fromDn: {
    selection: 'Any' | 'Any Internal' | 'Any External' | 'Specified Only';
    includeAnonymousCallers: boolean;
    includeUnavailableCallers: boolean;
    phoneNumbers: string[];
  };
  callToNumbers: { type: string; number?: string; extension?: string }[];
}

export interface Executive {
  allowOptInOut: boolean;
  assistants: { userId: string; optIn: boolean }[];
  filtering: { enabled: boolean; mode: 'Simple' | 'Advanced'; simpleFilterType: string };
  criteria: Criteria[];
  /** The 17 elements of UserExecutiveGetScreeningAlertingResponse, keyed by OCI name. */
  screeningAlerting: Record<string, string>;
}

export interface User {
  userId: string;
  password: string;
  firstName: string;
  lastName: string;
  serviceProviderId: string;
  groupId: string;
  phoneNumber?: string;
  extension?: string;
  email?: string;
  /** A department of the user's group, or of the enterprise when `departmentLevel` is Enterprise. */
  department?: string;
  departmentLevel?: 'Group' | 'Enterprise';
  services: string[];
  executive?: Executive;
  /** The assistant's own settings; its executives and opt-ins live on the executives. */
  executiveAssistant?: { enableDivert: boolean; divertToPhoneNumber?: string };
  /**
   * Values of the settings services the simulator serves from the schema, by BroadWorks service
   * name (`Call Forwarding Always`), then element name; absent required values start at defaults.
   */
  settings?: Record<string, Record<string, string | number | boolean | (string | number)[]>>;
}

export interface DemoData {
  _readme?: unknown;
  system: { domain: string };
  resellers: { id: string; name: string }[];
  serviceProviders: ServiceProvider[];
  groups: Group[];
  departments: Department[];
  admins: Admin[];
  schedules: Schedule[];
  users: User[];
}

let cached: string | undefined;

/** A fresh deep copy of fixtures/demo-data.json (read once per process). */
export function loadDemoData(): DemoData {
  cached ??= readFileSync(fixturePath('demo-data.json'), 'utf8');
  return JSON.parse(cached) as DemoData;
}

/** A deep copy, so the caller's object is never mutated by commands. */
export function cloneData(data: DemoData): DemoData {
  return structuredClone(data);
}
