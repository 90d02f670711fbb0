import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Read once: the capture is a test-time feature and must cost nothing in production.
const CAPTURE_DIR = process.env.OCI_DOCUMENT_CAPTURE_DIR;
let counter = 0;

/** True when sent documents are being written to OCI_DOCUMENT_CAPTURE_DIR. */
export const captureEnabled = CAPTURE_DIR !== undefined && CAPTURE_DIR !== '';

/**
 * Writes one sent BroadsoftDocument to the capture folder (test runs only), so that the
 * suite can validate every document against the XSD at the end.
 */
export function captureDocument(xml: string): void {
  if (!captureEnabled) return;
  counter += 1;
  try {
    writeFileSync(join(CAPTURE_DIR!, `${Date.now()}-${process.pid}-${counter}.xml`), xml, 'utf8');
  } catch {
    // A vanished capture folder must never break an exchange; the teardown notices gaps.
  }
}
