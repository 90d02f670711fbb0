import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { validateDocuments, type XsdFailure } from './xsd';

// xmllint-wasm holds every file of one call in its memory: validate in slices.
const BATCH = 400;

/** Same document but for the session id and echo (request id): validating one of them is enough. */
function shapeKey(xml: string): string {
  return xml.replace(/<sessionId xmlns="">[^<]*</, '<sessionId xmlns="">').replace(/ echo="[^"]*"/g, '');
}

/**
 * Validates every OCI document the suite sent against the R25 schema. Fails the run when one
 * is invalid, or when none was collected (the capture broke). The folder is kept on failure.
 */
export default async function globalTeardown(): Promise<void> {
  const dir = process.env.OCI_DOCUMENT_CAPTURE_DIR!;
  const files = readdirSync(dir).filter((f) => f.endsWith('.xml'));
  // A partial run (one file while developing) may send nothing; the full run must.
  if (files.length === 0 && process.env.JEST_PARTIAL_RUN) return;
  if (files.length === 0) throw new Error(`XSD check: no OCI document was collected in ${dir}`);
  const unique = new Map<string, { fileName: string; xml: string }>();
  for (const f of files) {
    const xml = readFileSync(join(dir, f), 'utf8');
    const key = shapeKey(xml);
    if (!unique.has(key)) unique.set(key, { fileName: f, xml });
  }
  const docs = [...unique.values()];
  const failures: XsdFailure[] = [];
  for (let i = 0; i < docs.length; i += BATCH) failures.push(...(await validateDocuments(docs.slice(i, i + BATCH))));
  if (failures.length > 0) {
    const lines = failures
      .slice(0, 20)
      .map((f) => `  ${f.fileName}: ${f.message}`)
      .join('\n');
    throw new Error(`XSD check: ${failures.length} error(s) in the OCI documents sent (kept in ${dir}):\n${lines}`);
  }
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(
    `\nXSD check: all ${files.length} OCI documents sent during the run are valid against fixtures/schema/all.xsd (${docs.length} distinct shapes validated)\n`,
  );
}
