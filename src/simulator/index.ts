import { SimulatorServer } from './server';
import type { Simulator, SimulatorOptions } from './types';

export type {
  Faults,
  ReplyMode,
  RequestLogEntry,
  Simulator,
  SimulatorOptions,
  SimulatorStats,
  SocketFault,
} from './types';
export type { DemoData } from './demo-data';
export { loadDemoData } from './demo-data';
export { DataSetError, parseDataSet } from './data-schema';
export { signPassword } from './login';
export { ENDPOINT_PATH, MAX_BODY_BYTES } from './server';

/** Starts the OCI-P simulator (SOAP endpoint + /__simulator/ admin API) and resolves once it listens. */
export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const sim = new SimulatorServer(opts);
  await sim.listen();
  return sim;
}
