/** Partner systems: API clients (API keys and OAuth 2 clients), their scopes, departments and tokens. */
import type { Db } from '../../database.js';
import type { JobHandler } from '../../platform/jobs/jobs.js';
import type { Clock } from '../../platform/time/clock.js';
import { createPartnersService } from './partners.service.js';

export type { PartnersTables } from './partners.tables.js';
export {
  createPartnersService,
  credentialPrefixes,
  ACCESS_TOKEN_LIFETIME_SECONDS,
  type ApiClient,
  type PartnersService,
} from './partners.service.js';
export { registerPartnersApi, tokenEndpointRateLimits, TOKEN_PATH } from './partners.api.js';
export { registerPartnerPages } from './partners.pages.js';
export { registerPartnerCommands, type PartnerCommandContext } from './partners.cli.js';
export { scopeDescriptions } from './partners.schemas.js';

/** Expired access tokens are worthless; they are removed every hour. */
export function expiredTokensJob(deps: { db: Db; clock: Clock }): JobHandler {
  const partners = createPartnersService({ ...deps, t: () => (key: string) => key });
  return {
    name: 'partners.expire_tokens',
    schedule: '41 * * * *',
    run: async () => {
      await partners.deleteExpiredTokens();
    },
  };
}
