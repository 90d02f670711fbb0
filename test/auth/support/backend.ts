import { loadConfig } from '../../../src/config';
import { createOciClient, type OciClient } from '../../../src/oci/client';
import { startSimulator, type Simulator } from '../../../src/simulator';

export interface Backend {
  sim: Simulator;
  oci: OciClient;
  close(): Promise<void>;
}

/**
 * The real simulator behind the real OCI client: the two-step 14sp4 login (as over plain
 * HTTP) by default, or LoginRequest22V5 (whose response knows resellers).
 */
export async function startBackend(login: '14sp4' | '22V5' = '14sp4'): Promise<Backend> {
  const sim = await startSimulator({ quiet: true });
  const oci = createOciClient({
    ...loadConfig({}).oci,
    urls: [sim.url],
    login,
    allowPlainPasswordOverHttp: login === '22V5',
    sessions: 1,
  });
  await oci.start();
  return {
    sim,
    oci,
    close: async () => {
      await oci.close();
      await sim.close();
    },
  };
}
