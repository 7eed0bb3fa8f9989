FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
COPY workers ./workers
COPY templates ./templates
COPY tsconfig.json ./
USER node
EXPOSE 3000
CMD ["node", "bin/briefing.js", "start"]
