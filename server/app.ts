// The HTTP application: fastify with zod validation, OpenAPI generated from the contract's
// schemas, the /me guard and the routes. All state comes in through `deps`.
import fastifySwagger from '@fastify/swagger';
import Fastify from 'fastify';
import type { FastifyBaseLogger } from 'fastify';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { installErrorHandlers } from './errors';
import type { GuardDeps } from './guard';
import { createMeGuard, routeAccess } from './guard';
import type { KeyService } from './keys';
import { registerKeyRoutes } from './routes/keys';
import { registerMeRoutes } from './routes/me';
import { registerPublicRoutes } from './routes/public';
import type { App } from './types';

export const BODY_LIMIT = 65_536;

export interface AppDeps extends GuardDeps {
  keys: KeyService;
  logger: FastifyBaseLogger;
  benchBareRoute: boolean;
}

export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: BODY_LIMIT,
    // Behind no proxy by default: the socket address is the client for the brute-force guard.
    trustProxy: false,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
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

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Key API',
        version: '1.0.0',
        description:
          'Reference server of the Key API v1 (mint, rotate, revoke API keys of a tenant). Every error is `{error, message, details?}`. Every authenticated response carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset (seconds) for the tighter of the per-minute and per-hour windows. Bodies over 64 KiB get 413 `payload_too_large`.',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <secret>' },
          apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });

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
  });
  return app;
}
