import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { validateXML } from 'xmllint-wasm';

const SCHEMA_DIR = join(__dirname, '..', '..', 'fixtures', 'schema');

function schemaFiles(dir: string): { fileName: string; contents: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return schemaFiles(p);
    return e.name.endsWith('.xsd') ? [{ fileName: relative(SCHEMA_DIR, p), contents: readFileSync(p, 'utf8') }] : [];
  });
}

/**
 * libxml2 cannot resolve xsi:type on a command carrying xmlns="" (ocip/README.md), so the
 * document is rewritten into the equivalent prefixed form before validation.
 */
export function toValidatableForm(xml: string): string {
  return xml
    .replace(/<BroadsoftDocument([^>]*?)\sxmlns="C"/, '<c:BroadsoftDocument$1 xmlns:c="C"')
    .replace(/<\/BroadsoftDocument>/, '</c:BroadsoftDocument>')
    .replace(/(<command\b[^>]*?)\sxmlns=""/g, '$1')
    .replace(/<sessionId xmlns="">/, '<sessionId>')
    .replace(/^<\?xml[^>]*\?>\s*/, '');
}

export interface XsdFailure {
  fileName: string;
  message: string;
}

/** Validates many documents against fixtures/schema/all.xsd in one xmllint run. */
export async function validateDocuments(docs: { fileName: string; xml: string }[]): Promise<XsdFailure[]> {
  if (docs.length === 0) return [];
  const preload = schemaFiles(SCHEMA_DIR);
  const all = preload.find((f) => f.fileName === 'all.xsd')!;
  const result = await validateXML({
    xml: docs.map((d) => ({ fileName: d.fileName, contents: toValidatableForm(d.xml) })),
    schema: all,
    preload: preload.filter((f) => f !== all),
    maxMemoryPages: 16384,
  });
  // The schema itself produces namespace warnings ("URI C is not absolute"): keep only
  // what libxml2 says about our documents.
  const names = new Set(docs.map((d) => d.fileName));
  return result.errors
    .filter((e) => names.has(e.loc?.fileName ?? '') && !/warning/i.test(e.message))
    .map((e) => ({ fileName: e.loc!.fileName, message: e.message }));
}
