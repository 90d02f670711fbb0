import type { XNode } from './request-document';

/** Validates a request command against the XSD; returns a detail text, or undefined when valid. */
export interface CommandValidator {
  validate(type: string, node: XNode): string | undefined;
}
