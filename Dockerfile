# syntax=docker/dockerfile:1
# The service as a container: built with the project's own lock file and build step, run as the
# unprivileged `node` user with only production dependencies. See docs/operations.md.
#   docker build -t user-deletion .
#   docker run -p 4000:4000 -e ENCRYPTION_KEY=... -e DATABASE_URL=postgres://... user-deletion

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Sources first: `npm ci` runs the package's `prepare` step, which compiles them into dist/.
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
COPY bench ./bench
RUN npm ci --no-audit --no-fund \
 && node scripts/build-if-stale.mjs \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The embedded store (when DATABASE_URL is not set) lives in /data, owned by the runtime user.
RUN mkdir -p /data && chown node:node /data && chmod 0700 /data
USER node
VOLUME ["/data"]
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--max-old-space-size=512", "dist/src/main.js"]
