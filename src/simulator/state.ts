import type { Admin, DemoData, Department, ScheduleRef, ServiceProvider, User } from './demo-data';
import { cloneData } from './demo-data';

/** The live model: demo data plus lookups. Commands mutate `data` in place. */
export class SimState {
  data!: DemoData;
  private users = new Map<string, User>();
  private admins = new Map<string, Admin>();
  private sps = new Map<string, ServiceProvider>();

  constructor(private initial: DemoData) {
    this.reset();
  }

  /** A new data set: it becomes what reset() returns to. */
  replace(data: DemoData): void {
    this.initial = data;
    this.reset();
  }

  /** Back to a fresh deep copy of the initial data. */
  reset(): void {
    this.data = cloneData(this.initial);
    this.users = new Map(this.data.users.map((u) => [u.userId, u]));
    this.admins = new Map(this.data.admins.map((a) => [a.userId, a]));
    this.sps = new Map(this.data.serviceProviders.map((s) => [s.id, s]));
  }

  user(userId: string): User | undefined {
    return this.users.get(userId);
  }

  admin(userId: string): Admin | undefined {
    return this.admins.get(userId);
  }

  serviceProvider(id: string | undefined): ServiceProvider | undefined {
    return id === undefined ? undefined : this.sps.get(id);
  }

  /** The department record of a user, if any. */
  department(u: User): Department | undefined {
    if (!u.department) return undefined;
    const enterprise = u.departmentLevel === 'Enterprise';
    return this.data.departments.find(
      (d) =>
        d.serviceProviderId === u.serviceProviderId &&
        d.name === u.department &&
        (enterprise ? d.groupId === undefined : d.groupId === u.groupId),
    );
  }

  /** `Parent \ Child (owner)`: the owner is the group id, or the enterprise id for enterprise departments. */
  departmentFullPath(u: User): string | undefined {
    const d = this.department(u);
    if (!d) return undefined;
    const names = [d.name];
    let parent = d.parent;
    while (parent) {
      const p = this.data.departments.find(
        (x) => x.serviceProviderId === d.serviceProviderId && x.groupId === d.groupId && x.name === parent,
      );
      names.unshift(parent);
      parent = p?.parent;
    }
    return `${names.join(' \\ ')} (${d.groupId ?? d.serviceProviderId})`;
  }

  /** True when a schedule of that type, level and name is visible to the user. */
  scheduleExists(u: User, type: 'Time' | 'Holiday', ref: ScheduleRef): boolean {
    return this.data.schedules.some((s) => {
      if (s.type !== type || s.level !== ref.level || s.name !== ref.name) return false;
      if (s.serviceProviderId !== u.serviceProviderId) return false;
      if (s.level === 'Group') return s.groupId === u.groupId;
      if (s.level === 'User') return s.userId === u.userId;
      return true;
    });
  }
}
