import { readFileSync } from 'node:fs';
import { fixturePath } from './paths';

/** The shapes of fixtures/demo-data.json (also the simulator's live state), declared once in data-schema.ts. */
export type {
  Admin,
  Criteria,
  DemoData,
  Department,
  Executive,
  Group,
  Schedule,
  ScheduleLevel,
  ScheduleRef,
  ServiceProvider,
  User,
} from './data-schema';
import type { DemoData } from './data-schema';

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
