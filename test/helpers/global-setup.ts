import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every OCI document the gateway's transport sends during the run lands in this folder: each test
 * file subscribes to the transport's channel (capture-documents.ts) and writes them here.
 */
export default function globalSetup(): void {
  // One folder per run, so that runs side by side never mix their documents.
  const dir = join(__dirname, '..', '..', '.oci-documents', `run-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  process.env.OCI_DOCUMENT_CAPTURE_DIR = dir;
}
