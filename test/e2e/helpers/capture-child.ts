import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SENT_DOCUMENTS_CHANNEL, type SentDocumentMessage } from '../../../src/oci/transport';

// Preloaded (`node -r`) into the gateway processes the e2e suites start: what
// test/helpers/capture-documents.ts does inside jest, so their documents are XSD-checked too.
const dir = process.env.OCI_DOCUMENT_CAPTURE_DIR;
let counter = 0;

if (dir) {
  subscribe(SENT_DOCUMENTS_CHANNEL, (message) => {
    counter += 1;
    try {
      writeFileSync(join(dir, `${Date.now()}-${process.pid}-${counter}.xml`), (message as SentDocumentMessage).xml);
    } catch {
      // A vanished capture folder must never break an exchange; the teardown notices gaps.
    }
  });
}
