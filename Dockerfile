# HR Connector Hub image (hub and worker run from the same image; see docker-compose.yml).
#   docker build -t hr-connector-hub:local .
#   docker run -e HUB_ROLE=hub -e MONGO_URL=... -e REDIS_URL=... -e HUB_ENCRYPTION_KEY=... -p 3000:3000 hr-connector-hub:local

# ---- build: install everything, compile TypeScript to dist/, then drop the dev dependencies
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# ---- runtime: compiled code + production node_modules only
FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    HUB_ROLE=hub \
    PORT=3000 \
    HUB_CONFIG_DIR=/app/config
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json /app/tsconfig.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/scripts/register-paths.js ./scripts/register-paths.js
COPY --from=build /app/config ./config
USER node
EXPOSE 3000
CMD ["node","-r","./scripts/register-paths.js","dist/apps/hub/src/main.js"]
