/**
 * Every route says who may use it, in its config: `access: 'public'`, `'citizen'`, or
 * `{ staff: <capability> }`. The gate enforces it before the handler runs, and a route that says nothing is
 * refused when the server starts, so no page or endpoint can be added without a decision about access.
 * Finer decisions (a case's department, the workflow's roles) belong to the modules' policies.
 */
import type { FastifyInstance } from 'fastify';
import { forbidden } from '../errors.js';
import { requireCitizen, requireStaff, type Principal } from './principal.js';

/** 'staff' alone: any signed-in staff member, whatever their roles. */
export type Access = 'public' | 'citizen' | 'staff' | { staff: string };

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
  app.addHook('preValidation', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access || access === 'public') return;
    if (access === 'citizen') {
      requireCitizen(request);
      return;
    }
    const principal = requireStaff(request);
    if (access !== 'staff' && !options.hasCapability(principal, access.staff)) {
      throw forbidden('access.capability', request.pageContext().t('errors.client.403'));
    }
  });
}
