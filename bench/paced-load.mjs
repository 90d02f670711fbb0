// One paced load on the bench executive's `resource` (screening/ as a PUT, anything else a GET):
// 32 connections sharing a fixed overall `rate` for `seconds`, the way the paired runs load each
// program at once (bench/paired.mjs, bench/transport.mjs).
import autocannon from 'autocannon';
import { executivePath } from './rig.mjs';

export function pacedLoad({ port, resource, token, rate, seconds }) {
  const put = resource === 'screening/';
  return autocannon({
    url: `http://127.0.0.1:${port}${executivePath(resource)}`,
    method: put ? 'PUT' : 'GET',
    body: put ? JSON.stringify({ enabled: true, alertType: 'Silent' }) : undefined,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    connections: 32,
    duration: seconds,
    overallRate: rate,
  });
}
