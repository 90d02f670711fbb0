// One paced load on the bench executive's `resource` (screening/ as a PUT, anything else a GET):
// 32 connections sharing a fixed overall `rate` for `seconds`, the way the paired runs load each
// program at once (bench/paired.mjs, bench/transport.mjs).
import autocannon from 'autocannon';
import { executivePath, scenarioRequest } from './rig.mjs';

export function pacedLoad({ port, resource, token, rate, seconds }) {
  const { method, body } = scenarioRequest(resource);
  return autocannon({
    url: `http://127.0.0.1:${port}${executivePath(resource)}`,
    method,
    body,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    connections: 32,
    duration: seconds,
    overallRate: rate,
  });
}
