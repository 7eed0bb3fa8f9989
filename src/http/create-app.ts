import { Hono } from 'hono';
import type { Services } from '../app/services.ts';
import type { Logger } from '../logger.ts';
import { accessLog } from './access-log.ts';
import { redactText } from '../redact.ts';
import { healthRoutes } from './health-routes.ts';
import { unsubscribeRoutes } from './unsubscribe/unsubscribe-routes.ts';
import { preferencesRoutes } from './preferences/preferences-routes.ts';
import { focusRoutes } from './focus/focus-routes.ts';
import { createTransport } from '../delivery/create-transport.ts';
import type { MailTransport } from '../delivery/mail-transport.ts';
import { adminRoutes } from './admin/admin-routes.ts';
import { consoleRoutes } from './console/console-routes.ts';
import { homeRoutes } from './home-page.ts';
import { metricsRoutes } from '../metrics/metrics-routes.ts';
import { createMetricsRegistry } from '../metrics/create-registry.ts';
import type { Registry } from 'prom-client';

export interface AppDeps {
  readonly services: Services;
  readonly logger: Logger;
  /** The Prometheus registry behind /metrics; one per app by default (never prom-client's global one). */
  readonly metricsRegistry?: Registry;
  /** The clock of the preferences and focus pages (tests set it). */
  readonly now?: () => Date;
  /** Where focus invitations go; default: SMTP_URL (one connection per invitation) or the outbox. */
  readonly openMail?: () => MailTransport;
}

/** The HTTP app: one sub-app per area, mounted here. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  // Only at LOG_LEVEL=debug: one function call per request is a cost the one-click path need not pay.
  if (deps.logger.isLevelEnabled('debug')) app.use(accessLog(deps.logger));
  app.route('/', healthRoutes(deps.services.health));
  const { tokens, roster, optouts, config, preferences, focusBookings, orgSettings } = deps.services;
  app.route('/', unsubscribeRoutes({ tokens, roster, optouts, logger: deps.logger }));
  app.route('/', preferencesRoutes({ tokens, roster, optouts, preferences, orgSettings, logger: deps.logger, now: deps.now }));
  const openMail = deps.openMail ?? (() => createTransport({ ...config, smtpPoolSize: 1 }));
  app.route('/', focusRoutes({ tokens, roster, bookings: focusBookings, openMail, settings: config, logger: deps.logger, now: deps.now }));
  app.route('/', metricsRoutes(deps.metricsRegistry ?? createMetricsRegistry(deps.services)));
  // Without ADMIN_TOKEN the admin surface does not exist at all (404), rather than being open.
  if (deps.services.config.adminToken) app.route('/', adminRoutes(deps.services, deps.logger, deps.services.config.adminToken));
  // The console's pages; without ADMIN_TOKEN only `/admin`, which says the console is off.
  app.route('/', consoleRoutes({ services: deps.services, logger: deps.logger, now: deps.now }));
  app.route('/', homeRoutes({ production: config.nodeEnv === 'production', consoleOn: config.adminToken !== undefined }));
  app.onError((err, c) => {
    // The route pattern, not the path: paths carry unsubscribe tokens, which must not reach logs.
    deps.logger.error({ err: redactText(err.message), route: c.req.routePath, method: c.req.method }, 'unhandled error');
    return c.text('Something went wrong on our side. Please try again in a minute.', 500);
  });
  return app;
}
