import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SENT_DOCUMENTS_CHANNEL, type SentDocumentMessage } from '../../src/oci/transport';

// Runs in every test file (jest setupFilesAfterEnv): each OCI document any transport of this
// file sends lands in the run's folder (global-setup.ts), for the XSD check of global-teardown.ts.
const dir = process.env.OCI_DOCUMENT_CAPTURE_DIR;
let counter = 0;

function capture(message: unknown): void {
  counter += 1;
  try {
    writeFileSync(
      join(dir!, `${Date.now()}-${process.pid}-${counter}.xml`),
      (message as SentDocumentMessage).xml,
      'utf8',
    );
  } catch {
    // A vanished capture folder must never break an exchange; the teardown notices gaps.
  }
}

if (dir) {
  subscribe(SENT_DOCUMENTS_CHANNEL, capture);
  // The channel is process-wide and a worker runs many files: one subscription per file at a time.
  afterAll(() => {
    unsubscribe(SENT_DOCUMENTS_CHANNEL, capture);
  });
}
