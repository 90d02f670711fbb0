import { tableOf } from '../oci/document';
import type { FieldError } from './failure';
import { compileSource, type Scope } from './scope';
import { getTransform } from './transforms';
import type { ItemCheck } from './types';

/** Evaluates the item rules of a write's read-first checks against the results read; [] = all pass. */
export type ItemCheckRunner = (scope: Scope) => FieldError[];

function compileItemCheck(check: ItemCheck): ItemCheckRunner {
  const list = compileSource(check.each);
  const pointerBase = '/' + check.each.split('.').slice(1).join('/');
  const [alias, table] = check.rows.split('.');
  const refusals = (check.refuse ?? []).map((r) => {
    const fromOci = r.changes?.transform ? getTransform(r.changes.transform).fromOci : undefined;
    if (r.changes?.transform && !fromOci)
      throw new Error(`transform "${r.changes.transform}" has no OCI → REST direction`);
    return { ...r, fromOci };
  });
  return (scope) => {
    const items = list(scope);
    if (!Array.isArray(items)) return [];
    const result = scope.results[alias];
    const rows = tableOf(Array.isArray(result) ? undefined : result, table).rows;
    const errors: FieldError[] = [];
    items.forEach((item: Record<string, unknown>, i) => {
      const key = String(item[check.key]);
      const row = rows.find((r) => r[check.column] === key);
      if (!row) {
        errors.push({ pointer: `${pointerBase}/${i}/${check.key}`, message: `${key} ${check.missing}` });
        return;
      }
      for (const r of refusals) {
        if (row[r.cell] !== r.equals) continue;
        if (r.changes) {
          const current = r.fromOci ? r.fromOci(row[r.changes.cell], scope) : row[r.changes.cell];
          if (item[r.changes.field] === current) continue;
        }
        errors.push({
          pointer: `${pointerBase}/${i}/${r.changes?.field ?? check.key}`,
          message: `${key} ${r.message}`,
        });
      }
    });
    return errors;
  };
}

/** Compiles every item rule once; the runner returns every failing item. */
export function compileItemChecks(checks: readonly ItemCheck[]): ItemCheckRunner {
  const runners = checks.map(compileItemCheck);
  return (scope) => runners.flatMap((r) => r(scope));
}
