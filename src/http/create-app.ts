import { Hono } from 'hono';
import type { Services } from '../app/services.ts';
import type { Logger } from '../logger.ts';
import { healthRoutes } from './health-routes.ts';
import { unsubscribeRoutes } from './unsubscribe/unsubscribe-routes.ts';

export interface AppDeps {
  readonly services: Services;
  readonly logger: Logger;
}

/** The HTTP app: one sub-app per area, mounted here. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.route('/', healthRoutes(deps.services.redis));
  const { tokens, roster, optouts } = deps.services;
  app.route('/', unsubscribeRoutes({ tokens, roster, optouts, logger: deps.logger }));
  app.onError((err, c) => {
    deps.logger.error({ err: err.message, path: c.req.path }, 'unhandled error');
    return c.text('Something went wrong on our side. Please try again in a minute.', 500);
  });
  return app;
}
