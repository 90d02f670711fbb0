/** The OpenAPI text of an operation a builder declares. */
export interface OperationText {
  operationId: string;
  summary: string;
  description?: string;
}

/** The text without an undefined description (so the compiled operation has no such key). */
export function operationText(t: OperationText): OperationText {
  return t.description === undefined
    ? { operationId: t.operationId, summary: t.summary }
    : { operationId: t.operationId, summary: t.summary, description: t.description };
}
