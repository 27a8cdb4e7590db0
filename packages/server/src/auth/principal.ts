import type { FastifyRequest } from 'fastify';
import type { Permission } from './permissions.ts';

/** Who is calling: a signed-in person or an API token, with the permissions they hold. */
export interface Principal {
  readonly kind: 'user' | 'token' | 'system';
  readonly id: string;
  readonly name: string;
  readonly permissions: ReadonlySet<Permission>;
}

/** Finds the caller of a request (session cookie, bearer token...). Returns undefined for anonymous. */
export type PrincipalResolver = (request: FastifyRequest) => Promise<Principal | undefined>;

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}
