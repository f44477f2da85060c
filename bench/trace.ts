/**
 * Diagnostics outside the measured runs: which SQL statements one request executes (every query Kysely
 * runs, including pg-boss's through its Kysely adapter; transaction begin/commit are not counted), and the
 * plans of the staff queue's queries.
 */
import { CompiledQuery, type Kysely } from 'kysely';

export interface TracedStatement {
  sql: string;
  parameters: readonly unknown[];
}

type ExecuteQuery = (this: unknown, query: CompiledQuery, ...rest: unknown[]) => Promise<unknown>;

/** Records every statement Kysely executes while `work` runs (patching the executor class, then restoring it). */
export async function traceStatements<DB, T>(
  db: Kysely<DB>,
  work: () => Promise<T>,
): Promise<{ result: T; statements: TracedStatement[] }> {
  let prototype: object | null = Object.getPrototypeOf(db.getExecutor()) as object | null;
  while (prototype && !Object.prototype.hasOwnProperty.call(prototype, 'executeQuery'))
    prototype = Object.getPrototypeOf(prototype) as object | null;
  if (!prototype) throw new Error('Cannot find Kysely’s executeQuery to trace');
  const owner = prototype as { executeQuery: ExecuteQuery };
  const original = owner.executeQuery;
  const statements: TracedStatement[] = [];
  owner.executeQuery = function (query, ...rest) {
    statements.push({ sql: query.sql, parameters: query.parameters });
    return original.call(this, query, ...rest);
  };
  try {
    const result = await work();
    return { result, statements };
  } finally {
    owner.executeQuery = original;
  }
}

/** `explain (analyze, buffers)` of a traced statement, with the parameters it ran with. */
export async function explainAnalyze<DB>(db: Kysely<DB>, statement: TracedStatement): Promise<string[]> {
  const { rows } = await db.executeQuery<{ 'QUERY PLAN': string }>(
    CompiledQuery.raw(`explain (analyze, buffers) ${statement.sql}`, [...statement.parameters]),
  );
  return rows.map((row) => row['QUERY PLAN']);
}
