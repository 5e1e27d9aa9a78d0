// The HTTP application: fastify with zod validation, OpenAPI generated from the contract's
// schemas, the /me guard and the routes. All state comes in through `deps`.
import fastifySwagger from '@fastify/swagger';
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyReply, FastifyServerFactory } from 'fastify';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { parse as parseQuery } from 'node:querystring';
import { clientErrorHandler, frameworkError, installErrorHandlers } from './errors';
import type { GuardDeps } from './guard';
import { createMeGuard, routeAccess } from './guard';
import type { KeyService } from './keys';
import { registerKeyRoutes } from './routes/keys';
import { registerMeRoutes } from './routes/me';
import { registerPublicRoutes } from './routes/public';
import { registerUsageRoutes } from './routes/usage';
import { OPENAPI_BASE } from './openapi';
import type { App } from './types';

export const BODY_LIMIT = 65_536;
export const MAX_HEADER_BYTES = 16_384;

export interface HttpOptions {
  /** Whole request (headers and body) must arrive within this; then 408 and the connection closes. */
  requestTimeoutMs: number;
  /** Headers must arrive within this (at most requestTimeoutMs). */
  headersTimeoutMs: number;
  /** PEM certificate and key: serve HTTPS. */
  tls: { cert: Buffer; key: Buffer } | null;
  /** CIDRs (comma-separated) of proxies whose X-Forwarded-For names the client; null: none. */
  trustProxy: string | null;
}

export const DEFAULT_HTTP: HttpOptions = { requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, tls: null, trustProxy: null };

export interface AppDeps extends GuardDeps {
  keys: KeyService;
  logger: FastifyBaseLogger;
  benchBareRoute: boolean;
  http?: HttpOptions;
}

/** Node's HTTP server with the limits the contract promises (16 KiB of headers, timeouts), over TLS when given. */
function serverFactory(o: HttpOptions): FastifyServerFactory {
  return (handler) => {
    const opts = {
      maxHeaderSize: MAX_HEADER_BYTES,
      requestTimeout: o.requestTimeoutMs,
      headersTimeout: Math.min(o.headersTimeoutMs, o.requestTimeoutMs),
      // Node checks the two timeouts on this interval (default 30 s): check often enough that a
      // short timeout means what it says.
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(o.headersTimeoutMs / 4))),
    };
    const server = o.tls ? createHttpsServer({ ...opts, cert: o.tls.cert, key: o.tls.key }, handler) : createHttpServer(opts, handler);
    // An idle keep-alive socket is not a request: it may wait longer than a request may take.
    server.keepAliveTimeout = 72_000;
    return server;
  };
}

export async function buildApp(deps: AppDeps): Promise<App> {
  const http = deps.http ?? DEFAULT_HTTP;
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: BODY_LIMIT,
    serverFactory: serverFactory(http),
    // Without --trust-proxy the socket address is the client; with it, X-Forwarded-For counts
    // only when the peer is one of the trusted proxies.
    trustProxy: http.trustProxy ?? false,
    return503OnClosing: true,
    routerOptions: {
      ignoreTrailingSlash: true,
      maxParamLength: 200,
      // `?status=` is the parameter left out, as most HTTP tooling (Prism included) reads it.
      querystringParser: (text: string) => {
        const q = parseQuery(text);
        for (const k of Object.keys(q)) if (q[k] === '') delete q[k];
        return q;
      },
    },
    frameworkErrors: (err, _req, res) => {
      const e = frameworkError(err);
      // No route, so no serializer or type provider: the reply is typed loosely here.
      const reply = res as FastifyReply;
      void reply.code(e.status).send({ error: e.code, message: e.message });
    },
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  // Handlers build contract objects already; validating responses again would double the
  // cost of the hot path, so responses are plain JSON.stringify (tests check them against
  // the same zod schemas).
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.decorateRequest('auth', null);

  // An empty body with Content-Type: application/json is "no body", not a parse error.
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    return defaultJson(req, text, done);
  });

  installErrorHandlers(app);

  await app.register(fastifySwagger, { openapi: OPENAPI_BASE, transform: jsonSchemaTransform });

  registerPublicRoutes(app, { benchBareRoute: deps.benchBareRoute });
  const guardFor = createMeGuard(deps);
  await app.register(async (me) => {
    // A guard per route, made when the route is registered, so no request has to look up its
    // route's scope and endpoint (fastify builds a fresh object for each `request.routeOptions`).
    me.addHook('onRoute', (route) => {
      const own = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
      route.onRequest = [guardFor(routeAccess(route.method, route.url, route.config)), ...own];
    });
    registerMeRoutes(me, deps);
    registerKeyRoutes(me, deps.keys, deps.activity);
    registerUsageRoutes(me, deps);
  });
  return app;
}
