import { error, Reply } from '../replies';

/**
 * Business errors, worded like BroadWorks. 4008, 4410, 4962, 5404 and 6004 are codes seen in
 * public captures; the criteria/schedule/assistant codes are the simulator's own choice
 * (src/simulator/README.md lists them all).
 */
export const errors = {
  userNotFound: (userId: string): Reply => error(4008, `User not found: ${userId}`),
  serviceNotAssigned: (service: string): Reply => error(4410, `Service is not assigned to this subscriber: ${service}`),
  unauthorized: (): Reply => error(5404, 'Unauthorized transaction.'),
  criteriaExists: (name: string): Reply => error(4913, `Criteria name already exists: ${name}`),
  criteriaNotFound: (name: string): Reply => error(4914, `Criteria not found: ${name}`),
  scheduleNotFound: (type: string, level: string, name: string): Reply =>
    error(4917, `${type} Schedule not found: ${name} (${level})`),
  assistantOutsideEnterprise: (userId: string): Reply =>
    error(
      4921,
      `Executive Assistant must belong to the same enterprise or service provider as the executive: ${userId}`,
    ),
  assistantWithoutService: (userId: string): Reply =>
    error(4922, `Service is not assigned to the assistant: Executive-Assistant (${userId})`),
  assistantIsExecutive: (userId: string): Reply => error(4923, `An executive cannot be their own assistant: ${userId}`),
  inconsistentAlerting: (what: string): Reply => error(4925, `Executive alerting settings are inconsistent: ${what}`),
  adminNotFound: (userId: string): Reply => error(4031, `Administrator not found: ${userId}`),
  tooManyPhoneNumbers: (): Reply => error(4926, 'Too many phone numbers in the criteria: at most 12'),
  notAssistantOf: (executiveId: string): Reply =>
    error(4927, `The assistant is not assigned to this executive: ${executiveId}`),
  optInOutNotAllowed: (executiveId: string): Reply =>
    error(4928, `The executive does not allow assistants to opt in or out: ${executiveId}`),
  divertWithoutNumber: (): Reply => error(4929, 'Divert cannot be enabled without a divert phone number'),
} as const;
