# syntax=docker/dockerfile:1
# The image of each of the six services (auth, tickets, orders, expiration, payments, queue), chosen by the build arg SERVICE.
# One file rather than six: the services share one shape (DESIGN §1), so their Dockerfiles differed only in the
# service's name, and six copies drift apart one edit at a time. skaffold.yaml builds it once per service with
# `buildArgs: { SERVICE: <name> }`; by hand, from the repo root:
#   docker build -f infra/docker/service.Dockerfile --build-arg SERVICE=tickets -t ticketing/tickets .
#
# Build context: the repo root, because every service needs the `common` workspace. WORKDIR /app mirrors the repo root
# and every RUN is a plain npm or tsc command with paths relative to it, so that infra/k8s/test/image-rehearsal.test.ts
# can replay these very lines without Docker (copy what each COPY copies, run what each RUN runs) and start the result.
# One Node version for building and running: the one the code is developed and tested with (Node 20).
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# 1. Compile the six services at once. This stage does not read SERVICE, so Docker builds it for the first image and
#    reuses it for the other five: one `npm ci` and one `tsc -b` instead of six of each, and each image then takes
#    its own compiled folder. TypeScript is a root devDependency (--include-workspace-root). `tsc -b` also builds the
#    project reference, common, which references nothing: the test kit (testing/) and the launcher it starts engines
#    with (infra/local) are never copied, compiled or shipped.
#    A new service is added to each list of this stage (the image rehearsal fails until it is).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Manifests first: the npm ci layer is reused until a dependency changes.
COPY package.json package-lock.json tsconfig.base.json ./
COPY common/package.json common/
COPY auth/package.json auth/
COPY tickets/package.json tickets/
COPY orders/package.json orders/
COPY expiration/package.json expiration/
COPY payments/package.json payments/
COPY queue/package.json queue/
RUN npm ci -w common -w auth -w tickets -w orders -w expiration -w payments -w queue --include-workspace-root
COPY common/ common/
COPY auth/ auth/
COPY tickets/ tickets/
COPY orders/ orders/
COPY expiration/ expiration/
COPY payments/ payments/
COPY queue/ queue/
RUN npx tsc -b auth tickets orders expiration payments queue

# 2. The production dependencies of one service: its own and common's, without dev dependencies (so without the test
#    kit). An empty SERVICE would turn the COPY below into a copy of the root package.json: stop first.
FROM ${NODE_IMAGE} AS deps
ARG SERVICE
WORKDIR /app
RUN test -n "$SERVICE" || { echo "build with --build-arg SERVICE=<auth|tickets|orders|expiration|payments|queue>" >&2; exit 1; }
COPY package.json package-lock.json ./
COPY common/package.json common/
COPY ${SERVICE}/package.json ${SERVICE}/
RUN npm ci --omit=dev -w "$SERVICE" -w common

# 3. Run: those dependencies and the two compiled folders, owned by root and so read-only for the `node` user.
#    node_modules/@ticketing/common is npm's link to ../../common, whose package.json points at common/dist.
FROM ${NODE_IMAGE}
ARG SERVICE
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app ./
COPY --from=build /app/common/dist common/dist
COPY --from=build /app/${SERVICE}/dist ${SERVICE}/dist
# The exec form of CMD expands no variable, so the service starts from its own folder, where its entry is
# dist/index.js (its package.json's "main"); modules resolve from /app/node_modules, one folder up, as before.
WORKDIR /app/${SERVICE}
USER node
EXPOSE 3000
# node itself is PID 1 (not npm), so SIGTERM reaches the service's graceful shutdown.
CMD ["node", "dist/index.js"]
