/**
 * Who is making a request: loaded once per request from the session, by a function the identity module
 * provides, or (for a partner system's API key or access token) by client-credentials.ts. Pages and API
 * routes ask for the kind of principal they need; what that principal may do is decided by the modules'
 * policies.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { unauthenticated } from '../errors.js';

export interface RoleGrant {
  role: string;
  /** null: the role holds in every department. */
  departmentId: string | null;
}

export interface Principal {
  id: string;
  /** client: a partner system calling the API with a key or an access token, never a person. */
  kind: 'citizen' | 'staff' | 'client';
  /** A person's email address; empty for a client. */
  email: string;
  name: string | null;
  roles: RoleGrant[];
  /** A client's grant: the scopes it may use, in the departments it acts for. */
  client?: ClientGrant;
}

export interface ClientGrant {
  scopes: readonly string[];
  departmentIds: readonly string[];
}

export type PrincipalLoader = (userId: string) => Promise<Principal | undefined>;

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

export function registerPrincipal(app: FastifyInstance, loadPrincipal: PrincipalLoader): void {
  app.decorateRequest('principal', undefined);
  app.addHook('preValidation', async (request) => {
    // A request that carries a client's credentials acts as that client (see client-credentials.ts).
    if (request.principal) return;
    const userId = request.session.userId;
    if (!userId) return;
    const principal = await loadPrincipal(userId);
    if (principal) request.principal = principal;
    // The account was removed or disabled: the session is worthless.
    else request.session.destroy();
  });
}

/** The error that sends a person to the sign-in page for their kind of account. */
export function unauthenticatedFor(kind: 'citizen' | 'staff', message: string) {
  return unauthenticated(kind === 'citizen' ? 'auth.citizen_required' : 'auth.staff_required', message);
}

export function requireCitizen(request: FastifyRequest): Principal {
  const principal = request.principal;
  if (principal?.kind !== 'citizen') {
    throw unauthenticated('auth.citizen_required', 'Sign in to continue.');
  }
  return principal;
}

export function requireStaff(request: FastifyRequest): Principal {
  const principal = request.principal;
  if (principal?.kind !== 'staff') {
    throw unauthenticated('auth.staff_required', 'Sign in to the staff workspace to continue.');
  }
  return principal;
}

/** For routes open to staff and to clients (their access says both): whichever the gate let through. */
export function requireStaffOrClient(request: FastifyRequest): Principal {
  if (request.principal?.kind === 'client') return request.principal;
  return requireStaff(request);
}
