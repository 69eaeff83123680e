# syntax=docker/dockerfile:1
# theticketbot in a container. README, "Docker", explains the volume, the token and the
# health check. Debian (glibc) images: the SQLite module compiles against them.

FROM node:20-bookworm-slim AS build
# A C++ toolchain for better-sqlite3-multiple-ciphers when no prebuilt binary fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
# Dependencies first (a layer that survives source changes); `prepare` needs the sources.
RUN npm ci --ignore-scripts \
 && npm rebuild better-sqlite3-multiple-ciphers esbuild
COPY . .
RUN npm run build \
 && npm prune --omit=dev

FROM node:20-bookworm-slim
# Config, database and logs under /data: /data/theticketbot/config.toml,
# /data/theticketbot/theticketbot.db and /data/theticketbot/log/.
ENV XDG_CONFIG_HOME=/data XDG_DATA_HOME=/data XDG_STATE_HOME=/data
# The health listener, for the HEALTHCHECK below and for Prometheus (README, "Monitoring").
ENV THETICKETBOT_METRICS_ENABLED=true THETICKETBOT_METRICS_HOST=0.0.0.0 THETICKETBOT_METRICS_PORT=9464
# A fixed uid, so a secret or a data folder can be given to it on the host (chown 10001).
RUN groupadd --system --gid 10001 theticketbot \
 && useradd --system --uid 10001 --gid theticketbot --home-dir /data --no-create-home --shell /usr/sbin/nologin theticketbot \
 && mkdir /data && chown theticketbot:theticketbot /data && chmod 0700 /data
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY --from=build /src/bin ./bin
COPY --from=build /src/deploy/healthcheck.mjs ./deploy/
USER theticketbot
VOLUME /data
EXPOSE 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "/app/deploy/healthcheck.mjs"]
# The node flags are the ones of bin/theticketbot.js (docs/BENCHMARKS.md says why).
ENTRYPOINT ["node", "--max-semi-space-size=1", "--v8-pool-size=1", "--jitless", "--no-expose-wasm", "--optimize-for-size", "/app/bin/theticketbot.js"]
CMD []
