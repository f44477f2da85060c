/**
 * Every route says who may use it, in its config: `access: 'public'`, `'citizen'`, `'staff'`,
 * `{ staff: <capability> }`, and for the API also `{ staff: <capability>, client: <scope> }` (or
 * `{ client: <scope> }`) to let a partner system's client with that scope in too. The gate enforces it
 * before the handler runs, and a route that says nothing is refused when the server starts, so no page or
 * endpoint can be added without a decision about access. A client (a request carrying an API key or an
 * access token) gets through only where a route names a scope it holds, whatever else the route allows;
 * finer decisions (a case's department, the workflow's roles) belong to the modules' policies.
 */
import type { FastifyInstance } from 'fastify';
import { PlazaError, forbidden, unauthenticated } from '../errors.js';
import { requireCitizen, requireStaff, type Principal } from './principal.js';

/** 'staff' alone: any signed-in staff member, whatever their roles. */
export type Access =
  'public' | 'citizen' | 'staff' | { staff: string; client?: string } | { staff?: undefined; client: string };

export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyInstance {
    /** Every route with the access it declares (for the authorization matrix test and operators). */
    accessTable: RouteAccess[];
  }
}

export interface AccessGateOptions {
  /** Whether a staff member has a capability in at least one department. */
  hasCapability: (principal: Principal, capability: string) => boolean;
  /** Routes plugins add, which cannot carry config (static assets): always public. */
  publicPrefixes: string[];
}

export function registerAccessGate(app: FastifyInstance, options: AccessGateOptions): void {
  const table: RouteAccess[] = [];
  app.decorate('accessTable', table);
  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    if (!route.config?.access) {
      if (!options.publicPrefixes.some((prefix) => url.startsWith(prefix))) {
        throw new Error(
          `Route ${String(route.method)} ${url} declares no access (config.access): decide who may use it`,
        );
      }
      route.config = { ...route.config, access: 'public' };
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') table.push({ method, url, access: route.config.access as Access });
    }
  });

  // Before validation, so someone without access learns nothing about what the route would accept.
  app.addHook('preValidation', async (request, reply) => {
    const access = request.routeOptions.config.access;
    if (!access || access === 'public') return;
    if (request.principal?.kind === 'client') {
      const scope = typeof access === 'object' ? access.client : undefined;
      if (!scope) {
        throw forbidden(
          'access.client_not_accepted',
          'This address is not part of the API for partner systems.',
        );
      }
      if (!request.principal.client?.scopes.includes(scope)) {
        // RFC 6750 §3.1: the scope the request would have needed.
        reply.header('www-authenticate', `Bearer error="insufficient_scope", scope="${scope}"`);
        throw new PlazaError('forbidden', 'access.scope', `This needs the scope ${scope}.`, {
          requiredScope: scope,
        });
      }
      return;
    }
    if (access === 'citizen') {
      requireCitizen(request);
      return;
    }
    if (typeof access === 'object' && access.staff === undefined) {
      throw unauthenticated('auth.client_required', 'Send an API key or an access token.');
    }
    const principal = requireStaff(request);
    if (access !== 'staff' && !options.hasCapability(principal, access.staff)) {
      throw forbidden('access.capability', request.pageContext().t('errors.client.403'));
    }
  });
}
