import type { z } from 'zod';
import type { FieldError } from './failure';

function pointer(path: readonly PropertyKey[]): string {
  return path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** Zod issues as field errors: JSON pointers for the body, parameter names for path/query. */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[], where: 'body' | 'parameter'): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    // One entry per unknown key, so that each offending field has its own pointer.
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    for (const k of keys) {
      const path = k === undefined ? issue.path : [...issue.path, k];
      const message = k === undefined ? issue.message : 'unknown field';
      if (where === 'body') out.push({ pointer: pointer(path), message });
      else out.push({ parameter: path.map(String).join('.'), message });
    }
  }
  return out;
}
