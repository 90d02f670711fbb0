/**
 * The raw tree both XML readers yield (the strict reader of xml-strict.ts and the safe parser
 * of xml.ts), in its own module so that neither reader imports the other's module for it.
 */

/** Attribute keys carry this prefix (`@_echo`). */
export const ATTR = '@_';

/** A raw parsed node: attributes under `@_name`, children as arrays, text under `#text`. */
export type RawNode = string | RawElement;
export interface RawElement {
  [key: string]: RawNode[] | string | undefined;
}

/**
 * References one document may hold, in both readers and in the SOAP unwrap. DOCTYPE is refused
 * before any of them runs, so only the predefined and numeric references exist and none can
 * expand recursively; the bound only caps work on a hostile reply (whose size is capped too).
 */
export const MAX_REFERENCES = 1_000_000;
