import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateDocuments } from './xsd';

/**
 * Validates every OCI document the suite sent against the R25 schema in one xmllint run.
 * Fails the run when one is invalid, or when none was collected (the capture broke).
 */
export default async function globalTeardown(): Promise<void> {
  const dir = process.env.OCI_DOCUMENT_CAPTURE_DIR!;
  const files = readdirSync(dir).filter((f) => f.endsWith('.xml'));
  // A partial run (one file while developing) may send nothing; the full run must.
  if (files.length === 0 && process.env.JEST_PARTIAL_RUN) return;
  if (files.length === 0) throw new Error(`XSD check: no OCI document was collected in ${dir}`);
  const docs = files.map((f) => ({ fileName: f, xml: readFileSync(join(dir, f), 'utf8') }));
  const failures = await validateDocuments(docs);
  if (failures.length > 0) {
    const lines = failures.slice(0, 20).map((f) => `  ${f.fileName}: ${f.message}`).join('\n');
    throw new Error(`XSD check: ${failures.length} error(s) in the OCI documents sent:\n${lines}`);
  }
  process.stdout.write(`\nXSD check: ${docs.length} OCI documents sent during the run are valid against fixtures/schema/all.xsd\n`);
}
