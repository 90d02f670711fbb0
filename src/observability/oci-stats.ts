import type { OciBreakerState } from '../oci/observer';

/** The OCI client's `stats()` shape, read at scrape time. */
export interface OciStats {
  backends: { url: string; breaker: OciBreakerState; sessions: number; busy: number; waiting: number }[];
  logins: number;
}

/** Gauge value for a breaker state: 0 closed, 1 half-open, 2 open. */
export function breakerStateValue(state: OciBreakerState): number {
  return state === 'open' ? 2 : state === 'half-open' ? 1 : 0;
}
