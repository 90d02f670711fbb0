/** Asymmetric matchers typed `unknown` (jest types them `any`, which would leak into the assertions' types). */
export const anyOf = (type: unknown): unknown => expect.any(type);
export const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);
export const containing = (shape: Record<string, unknown>): unknown => expect.objectContaining(shape);
