import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROBLEMS, problemType, type ProblemSlug } from '../../src/http/problem-catalogue';

/** The rows of the problem table in docs/api-notes.md: slug → status column. */
function documentedProblems(): Map<string, string> {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'api-notes.md'), 'utf8');
  const section = doc.split('## Problem types')[1].split('\n## ')[0];
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const m = /^\| ([a-z-]+) \| ([^|]+) \|/.exec(line);
    if (m && m[1] !== 'slug') rows.set(m[1], m[2].trim());
  }
  return rows;
}

describe('problem catalogue', () => {
  it('docs/api-notes.md lists exactly the slugs of the catalogue, with their status', () => {
    const documented = documentedProblems();
    expect([...documented.keys()].sort()).toEqual(Object.keys(PROBLEMS).sort());
    for (const [slug, entry] of Object.entries(PROBLEMS)) {
      const statuses = documented.get(slug)!;
      expect(statuses).toContain(String(entry.status));
      if ('timedOutStatus' in entry) expect(statuses).toContain(String(entry.timedOutStatus));
    }
  });

  it('gives every slug a type URI under the prefix, but for the readiness answer', () => {
    const slugs = Object.keys(PROBLEMS) as ProblemSlug[];
    for (const slug of slugs.filter((s) => s !== 'not-ready'))
      expect(problemType(slug)).toBe(`https://oci-gateway.dev/problems/${slug}`);
    expect(problemType('not-ready')).toBe('about:blank');
  });
});
