import type { AppContext } from '../context.ts';
import { TokensService } from '../tokens/tokens.service.ts';
import { AuthService } from './auth.service.ts';
import { authConfigFromEnv } from './config.ts';
import type { AuthConfig } from './config.ts';

export interface AuthModule {
  auth: AuthService;
  tokens: TokensService;
  config: AuthConfig;
  env: NodeJS.ProcessEnv;
}

const modules = new WeakMap<AppContext, AuthModule>();

/**
 * The auth services of one app context, made once (they hold the in-memory sign-in rate limiter). Settings
 * come from the environment unless configureAuth() was called first (tests).
 */
export function authFor(ctx: AppContext): AuthModule {
  let m = modules.get(ctx);
  if (!m) {
    m = makeModule(ctx, process.env, undefined);
    modules.set(ctx, m);
  }
  return m;
}

/** Sets the environment and settings auth uses for this context (before buildApp). */
export function configureAuth(ctx: AppContext, options: { env?: NodeJS.ProcessEnv; config?: Partial<AuthConfig> }): AuthModule {
  const m = makeModule(ctx, options.env ?? process.env, options.config);
  modules.set(ctx, m);
  return m;
}

function makeModule(ctx: AppContext, env: NodeJS.ProcessEnv, overrides: Partial<AuthConfig> | undefined): AuthModule {
  const config = { ...authConfigFromEnv(env), ...overrides };
  return { auth: new AuthService(ctx.state, config, ctx.now, env), tokens: new TokensService(ctx.state, ctx.now), config, env };
}
