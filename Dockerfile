# Every image of Ticketing, from the repository root as the build context:
#   docker build --build-arg SERVICE=orders -t ticketing/orders .      # an Express service
#   docker build --target web -t ticketing/client .                    # the web app
# The stages up to the builds are shared: `npm ci` and the compilers run once for all seven images,
# and each image then takes only its own build and production dependencies. NODE_IMAGE lets CI build
# on a local base where no registry can be reached (npm run test:containers).
ARG NODE_IMAGE=node:26-slim

# Every dependency of the images' workspaces, dev ones included (tsc, next): what compiling needs.
# Only the manifests are copied first, so a source change keeps this layer.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NPM_CONFIG_AUDIT=false NPM_CONFIG_FUND=false NPM_CONFIG_UPDATE_NOTIFIER=false NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json tsconfig.base.json ./
COPY common/package.json common/
COPY auth/package.json auth/
COPY tickets/package.json tickets/
COPY orders/package.json orders/
COPY payments/package.json payments/
COPY expiration/package.json expiration/
COPY notifications/package.json notifications/
COPY client/package.json client/
RUN --mount=type=cache,target=/root/.npm \
    npm ci --include-workspace-root \
      --workspace @ticketing/common --workspace @ticketing/auth --workspace @ticketing/tickets \
      --workspace @ticketing/orders --workspace @ticketing/payments --workspace @ticketing/expiration \
      --workspace @ticketing/notifications --workspace @ticketing/client

FROM deps AS services-source
COPY common/ common/
COPY auth/ auth/
COPY tickets/ tickets/
COPY orders/ orders/
COPY payments/ payments/
COPY expiration/ expiration/
COPY notifications/ notifications/

FROM services-source AS services-build
RUN npm run build -w @ticketing/common -w @ticketing/auth -w @ticketing/tickets -w @ticketing/orders \
      -w @ticketing/payments -w @ticketing/expiration -w @ticketing/notifications

# The skaffold dev loop for a service (target "service-dev"): skaffold syncs changed .ts files into
# src/, tsc recompiles them to dist/ and node restarts on the new output, with no image rebuild.
FROM services-build AS service-dev
ARG SERVICE
ENV NODE_ENV=development SERVICE=${SERVICE}
RUN test -f "${SERVICE}/package.json" && chown -R 1000:1000 common "${SERVICE}"
USER 1000:1000
EXPOSE 3000
CMD ["sh", "-c", "npx tsc -p common/tsconfig.build.json --watch --preserveWatchOutput & npx tsc -p \"$SERVICE/tsconfig.build.json\" --watch --preserveWatchOutput & exec node --watch \"$SERVICE/dist/index.js\""]

# What one service runs, gathered in /image: the packages `npm ls` names as its and common's production
# dependencies, at the paths npm installed them (so Node resolves them as it did here), the two
# workspaces' links, manifests and compiled output, and the service's migrations where it has them.
FROM services-build AS service-files
ARG SERVICE
# A failing `npm ls` must fail the build, not leave a shorter list of packages behind.
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# A service is a workspace that starts with `node dist/index.js`; common, say, is not one.
RUN [ -n "${SERVICE}" ] && [ "$(node -p "require('./${SERVICE}/package.json').scripts?.start" 2>/dev/null)" = 'node dist/index.js' ] \
 || { echo "SERVICE must name a service workspace (auth, tickets, ...); got '${SERVICE}'" >&2; exit 1; }
RUN mkdir /image \
 && npm ls --omit=dev --all --parseable --workspace @ticketing/common --workspace "@ticketing/${SERVICE}" \
      | grep '/node_modules/' | sort -u | sed 's|^/app/||' > /tmp/packages \
 && grep -qx "node_modules/@ticketing/${SERVICE}" /tmp/packages \
 && xargs -a /tmp/packages cp -a --parents -t /image \
 && for workspace in common "${SERVICE}"; do \
      mkdir -p "/image/${workspace}" && cp -a "${workspace}/package.json" "${workspace}/dist" "/image/${workspace}/"; \
    done \
 && if [ -d "${SERVICE}/migrations" ]; then cp -a "${SERVICE}/migrations" "/image/${SERVICE}/"; fi

FROM deps AS web-source
COPY client/ client/

# The skaffold dev loop for the web app (target "web-dev"): skaffold syncs changed files into client/
# and next dev reloads them.
FROM web-source AS web-dev
ENV NODE_ENV=development
RUN chown -R 1000:1000 client
USER 1000:1000
EXPOSE 3000
CMD ["npm", "exec", "--workspace", "@ticketing/client", "--", "next", "dev", "--hostname", "0.0.0.0", "--port", "3000"]

# next.config.ts sets output: 'standalone' with the repository root as the tracing root, so the
# server lands in .next/standalone/client/server.js beside the node_modules it traced. The app has
# no public/ folder yet; an empty one keeps the COPY below valid either way.
FROM web-source AS web-build
RUN npm run build -w @ticketing/client && mkdir -p client/public

# The web app that runs: the standalone server and its static assets, as an unprivileged user. No
# `npm ci` here: the standalone output already holds exactly the production modules it traced.
# UID 1000 is given as a number so Kubernetes can verify runAsNonRoot.
FROM ${NODE_IMAGE} AS web
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOSTNAME=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=web-build /app/client/.next/standalone ./
COPY --from=web-build /app/client/.next/static client/.next/static
COPY --from=web-build /app/client/public client/public
USER 1000:1000
EXPOSE 3000
CMD ["node", "client/server.js"]

# A service that runs (the default target): compiled JavaScript and production dependencies, as an
# unprivileged user, with nothing of the other services.
FROM ${NODE_IMAGE} AS service
ARG SERVICE
ENV NODE_ENV=production
COPY --from=service-files /image /app
WORKDIR /app/${SERVICE}
USER 1000:1000
EXPOSE 3000
CMD ["node", "dist/index.js"]
