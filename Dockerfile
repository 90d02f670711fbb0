# syntax=docker/dockerfile:1
# Build stage: full dependencies, compile TypeScript, then drop the dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY mappings ./mappings
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# Runtime stage: compiled code, production node_modules and the data files read at run time.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root fixtures ./fixtures
# Files stay root-owned and read-only; the process runs as the unprivileged "node" user.
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node as PID 1 receives SIGTERM directly; src/shutdown.ts drains and logs the OCI sessions out.
STOPSIGNAL SIGTERM
# V8 heap flags, the same in `npm start` and bench/rig.mjs (measured: bench/lab/README.md, gc-trace.mjs):
# a bounded old space makes V8 collect before the heap balloons under load (live heap ≈ 26 MB;
# unbounded, peak RSS passed 200 MB); below 256 MB V8 would then start a full collection each time
# the old space grew by 30 %, so the growing factor is set to 3 (V8's own on large heaps is 4); 8 MB
# semi-spaces pay for that headroom in RSS.
CMD ["node", "--max-old-space-size=96", "--max-semi-space-size=8", "--heap-growing-percent=200", "dist/src/main.js"]
