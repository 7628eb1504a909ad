# Builds the ingest and api images (one image, two commands: see docker-compose.yml).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# `npm install` with the committed lock, as in .ci/run: npm 11 leaves other platforms' optional packages
# (@swc/core-*, @rollup/*) out of the lock, and `npm ci` then refuses it as out of sync.
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
# A 64 MB young generation: ingest allocates per message, and the default 16 MB semi-space makes V8
# scavenge (and promote short-lived readings) several times per batch — see docs/performance.md.
ENV NODE_OPTIONS=--max-semi-space-size=64
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# A new named volume takes this directory's owner, so the app (not root) can write evidence files.
RUN mkdir -p /var/lib/tianyan/attachments && chown -R node:node /var/lib/tianyan
USER node
EXPOSE 3000
# The old generation grows to twice what survives a full collection, not V8's up to 4x: RSS then
# stays flat under a steady load instead of climbing into a high-water mark (docs/performance.md,
# session 18). NODE_OPTIONS does not accept this flag, so it goes on the command line.
CMD ["node", "--heap-growing-percent=100", "dist/apps/api/src/main.js"]
