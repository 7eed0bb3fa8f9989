# Build: the dev dependencies (TypeScript) compile src/ and workers/ to dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# Scripts off: `prepare` would build before the sources are copied in; it runs below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs ./scripts/
COPY src ./src
COPY workers ./workers
RUN npm run build

# Run: the production dependencies and the compiled JavaScript; no TypeScript sources, no tsx.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY bin ./bin
COPY templates ./templates
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
# Exec form with node itself as pid 1 (no npm, no shell): `docker stop`'s SIGTERM reaches
# the service, which finishes its in-flight sends and exits.
CMD ["node", "bin/briefing.js", "start"]
