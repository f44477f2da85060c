/**
 * The input of `plaza triage suggest` and `plaza duplicates find`: one report per line, as JSON
 * (`{"description", "lat", "long", "requested_datetime", "service_code"}`), the way a city exports
 * new reports to check what Plaza would have said. A bad line is named by its number, and the rest go on.
 */
import { createInterface } from 'node:readline';
import { z } from 'zod';

const reportLine = z.object({
  description: z.string().max(4000).nullish(),
  lat: z.coerce.number().min(-90).max(90).nullish(),
  long: z.coerce.number().min(-180).max(180).nullish(),
  requested_datetime: z.iso.datetime({ offset: true }).nullish(),
  service_code: z.string().min(1).nullish(),
});

export type ReportLine = z.infer<typeof reportLine>;

export type ParsedLine = { line: number; report: ReportLine } | { line: number; error: string };

export async function* readReportLines(input: NodeJS.ReadableStream): AsyncGenerator<ParsedLine> {
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      yield { line, error: 'not JSON' };
      continue;
    }
    const parsed = reportLine.safeParse(value);
    if (parsed.success) yield { line, report: parsed.data };
    else
      yield {
        line,
        error: parsed.error.issues
          .map((issue) => `${issue.path.join('.') || 'line'}: ${issue.message}`)
          .join('; '),
      };
  }
}
