/**
 * The accessibility statement (/accessibility): the standard Plaza aims at (WCAG 2.2 AA), the checks that
 * run on every release, their last recorded results, what is known not to work, and whom to tell about a
 * problem. The results are read from docs/accessibility-results.json, which the browser suite's crawl
 * rewrites when run with PLAZA_RECORD_ACCESSIBILITY=1 (test/browser/accessibility-crawl.test.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AccessibilityStatementPage, type AccessibilityContact } from './views/statement.js';

const resultsSchema = z.object({
  recordedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  standard: z.string(),
  roles: z.array(z.string()),
  pageRoutes: z.number().int().min(0),
  visits: z.number().int().min(0),
  pagesChecked: z.number().int().min(0),
  services: z.object({ applications: z.number().int().min(0), reports: z.number().int().min(0) }),
  violations: z.number().int().min(0),
});

export type AccessibilityResults = z.infer<typeof resultsSchema>;

/** The last recorded results, or undefined when none were recorded (or the file is not what it should be). */
export function readAccessibilityResults(file: string): AccessibilityResults | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const parsed = resultsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function registerAccessibilityPages(
  app: FastifyInstance,
  deps: {
    /** Where the crawl records its results. */
    resultsFile: string;
    /** Whom to tell about an accessibility problem. */
    contacts: () => AccessibilityContact[];
  },
): void {
  // Read once: the file changes with a release, not while Plaza runs.
  const results = readAccessibilityResults(deps.resultsFile);
  app.get('/accessibility', { config: { access: 'public' } }, async (request, reply) =>
    reply.page(
      <AccessibilityStatementPage ctx={request.pageContext()} results={results} contacts={deps.contacts()} />,
    ),
  );
}
