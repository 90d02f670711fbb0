// A measuring tool, never loaded in production: preloaded (--import) into a gateway by
// bench/paired.mjs (PAIRED_ABLATE), it switches the pieces named in ABLATE off, so a paired run
// shows what each costs. It patches the built modules' exports before dist/src/main.js loads them
// (the compiled code reads imported functions through the module object on every call).
// Pieces: metrics (HTTP middleware and OCI observer), membership (the cached membership check),
// deadline (the per-exchange timer), breaker (opossum around the exchange), log (the access
// logger), reqid (request ids), ocilog (the OCI log observer), lock (the per-executive write
// lock), audit (audit lines), idem (the Idempotency-Key middleware). A gateway with any of these
// off is not a gateway anyone may run: the answers stay right, the promises do not.
import { createRequire } from 'node:module';
import { EventEmitter } from 'node:events';

const require = createRequire(import.meta.url);
const dist = '../../dist/src/';
const off = new Set((process.env.ABLATE ?? '').split(',').filter(Boolean));
const passThrough = () => (_req, _res, next) => next();
const patches = {
  metrics() {
    const m = require(`${dist}observability/metrics.js`);
    const create = m.createMetrics;
    m.createMetrics = (...args) => Object.assign(create(...args), { httpMiddleware: passThrough, ociObserver: {} });
  },
  membership() {
    require(`${dist}mapping/membership.js`).MembershipCheck.prototype.ensure = async () => undefined;
  },
  deadline() {
    const never = Object.assign(new EventEmitter(), { aborted: false });
    require(`${dist}oci/deadline.js`).withDeadline = (_ms, fn) => fn(never);
  },
  breaker() {
    require(`${dist}oci/breaker.js`).BackendBreaker.prototype.fire = function fire(...args) {
      return this.breaker.action(...args);
    };
  },
  log() {
    require(`${dist}observability/http-logger.js`).httpLogger = passThrough;
  },
  reqid() {
    require(`${dist}observability/request-id.js`).requestId = passThrough;
  },
  ocilog() {
    require(`${dist}observability/oci-log-observer.js`).createOciLogObserver = () => ({});
  },
  lock() {
    const lock = require(`${dist}coordination/memory-write-lock.js`);
    lock.ProcessWriteLock.prototype.run = (_key, _opts, fn) => fn(lock.PROCESS_LEASE);
  },
  audit() {
    require(`${dist}http/audit.js`).auditWrite = () => undefined;
  },
  idem() {
    require(`${dist}http/idempotency.js`).idempotencyMiddleware = passThrough;
  },
};
for (const piece of off) {
  if (!patches[piece])
    throw new Error(`bench/lab/ablate.mjs: unknown piece "${piece}" (${Object.keys(patches).join(', ')})`);
  patches[piece]();
}
