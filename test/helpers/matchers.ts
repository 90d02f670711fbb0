/** Asymmetric matchers typed `unknown` (jest types them `any`, which would leak into the assertions' types). */
export const anyOf = (type: unknown): unknown => expect.any(type);
