import type { OciCommand, OciElement, OciResult } from '../../src/oci/command';
import { buildDocument, parseReply, type DocumentCommand } from '../../src/oci/document';
import type { OciExecutor } from '../../src/oci/executor';
import { CRITERIA_HEADINGS as SIMULATOR_CRITERIA_HEADINGS } from '../../src/simulator/commands/executive-filtering';

/** A reply to one command, written the way BroadWorks writes it. */
export type FakeReply =
  { data: string; body: OciElement } | { success: true } | { error: string; type?: 'Error' | 'Warning' | 'Info' };

/**
 * An executor for engine unit tests: replies come from `answer`, are serialized with
 * buildDocument and read back with parseReply, exactly like real replies.
 */
export function fakeExecutor(answer: (c: OciCommand) => FakeReply): OciExecutor & { documents: OciCommand[][] } {
  const documents: OciCommand[][] = [];
  return {
    documents,
    execute(commands: OciCommand[]): Promise<OciResult[]> {
      // A promise executor: an answer that throws rejects, as an async executor would.
      return new Promise((resolve) => {
        documents.push(commands);
        const xml = buildDocument({
          sessionId: 'fake',
          commands: commands.map((c): DocumentCommand => {
            const r = answer(c);
            if ('data' in r) return { type: r.data, body: r.body };
            if ('success' in r) return { type: 'c:SuccessResponse', attributes: { 'xmlns:c': 'C' }, body: {} };
            return {
              type: 'c:ErrorResponse',
              attributes: { 'xmlns:c': 'C', type: r.type ?? 'Error' },
              body: { summary: r.error, summaryEnglish: r.error },
            };
          }),
        });
        resolve(parseReply(xml).results);
      });
    },
  };
}

/** An OCITable element from headings and rows. */
export function table(headings: string[], rows: string[][]): OciElement {
  return { colHeading: headings, row: rows.map((r) => ({ col: r })) };
}

export const MEMBER = (tenant: string, group: string): FakeReply => ({
  data: 'UserGetResponse23V2',
  body: { serviceProviderId: tenant, groupId: group },
});

export const ASSIGNED = (isAssigned: boolean): FakeReply => ({
  data: 'UserServiceIsAssignedResponse',
  body: { isAssigned: String(isAssigned) },
});

/** The simulator's criteria table headings, as a mutable list for fake replies. */
export const CRITERIA_HEADINGS: string[] = [...SIMULATOR_CRITERIA_HEADINGS];
