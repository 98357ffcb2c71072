import { IDENTITY_MISMATCH } from '@ioc/contracts/dead-letter-reason.codes';
import { fail } from './result.util';

/**
 * The broker's ACL decides who may publish on which topic, so the topic (not the payload) says which device
 * speaks. A payload naming another device aborts the whole message with `identity_mismatch: …`.
 */
export function identityMismatch(detail: string): never {
  return fail(`${IDENTITY_MISMATCH}: ${detail}`);
}

const URN_DEV = /^urn:dev:/i;

/**
 * Whether a SenML base name (trailing separators already removed) names the topic's device: the same id, or
 * an RFC 8428 device URN whose last part is that id (`urn:dev:ow:10e2…` on `ioc/senml/10e2…`).
 */
export function senmlNameIsDevice(baseNameId: string, topicDevice: string): boolean {
  if (baseNameId === topicDevice) return true;
  return URN_DEV.test(baseNameId) && baseNameId.endsWith(`:${topicDevice}`);
}
