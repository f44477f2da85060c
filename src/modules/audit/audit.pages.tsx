import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../database.js';
import { auditPage, verifyAuditChain, type NameReader } from './audit.service.js';
import { AuditLogPage } from './views/audit-views.js';

const auditAccess = { access: { staff: 'audit.view' } } as const;
const query = z.object({
  action: z.string().max(60).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

/** The audit log for auditors and administrators: read it, filter it, check its chain. */
export function registerAuditPages(app: FastifyInstance, deps: { db: Db; openName: NameReader }): void {
  app.get('/staff/audit', { config: auditAccess }, async (request, reply) => {
    const filters = query.parse(request.query);
    const action = (filters.action ?? '').trim();
    const { entries, hasMore } = await auditPage(deps.db, { action, page: filters.page }, deps.openName);
    return reply.page(
      <AuditLogPage
        ctx={request.pageContext()}
        entries={entries}
        action={action}
        page={filters.page}
        hasMore={hasMore}
      />,
    );
  });

  app.post('/staff/audit/verify', { config: auditAccess }, async (request, reply) => {
    const verified = await verifyAuditChain(deps.db);
    const { entries, hasMore } = await auditPage(deps.db, { page: 1 }, deps.openName);
    return reply.page(
      <AuditLogPage
        ctx={request.pageContext()}
        entries={entries}
        action=""
        page={1}
        hasMore={hasMore}
        verified={verified}
      />,
    );
  });
}
