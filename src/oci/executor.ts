import type { OciCommand, OciResult } from './command';

export interface OciExecuteOptions {
  /** The REST request id; it travels in every command's `echo` attribute. */
  requestId?: string;
  /** Called before each document goes out; throwing stops it (and the rest) from being sent. */
  beforeDocument?: () => void;
  /** Counts the documents exchanged for this call, resends included (the caller's per-request figure). */
  tally?: DocumentTally;
}

/** A per-call count the OCI client adds to as documents go out. */
export interface DocumentTally {
  documents: number;
}

/**
 * What the layers above the OCI client see: run commands, get one result per command,
 * in order. More than 15 commands go out as several documents, in order. Failures of
 * the exchange itself are thrown as `OciError`; ErrorResponses come back as results.
 */
export interface OciExecutor {
  execute(commands: OciCommand[], opts?: OciExecuteOptions): Promise<OciResult[]>;
}

/** What a BroadWorks login said about a user (used by the REST login route). */
export interface OciLoginInfo {
  userId: string;
  loginType: string;
  serviceProviderId?: string;
  groupId?: string;
  isEnterprise: boolean;
  resellerId?: string;
}

/** Verifies a BroadWorks user's own credentials on a throw-away session. */
export interface OciCredentialVerifier {
  verifyCredentials(userId: string, password: string): Promise<OciLoginInfo>;
}
