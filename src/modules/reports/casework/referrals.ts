/**
 * Organisations responsible for problems the city is not (a water company, the national roads agency…), read
 * from the deployment's `referrals.yaml`: staff who close a report as "not ours" pick one, and the public note
 * tells the reporter and followers who to go to. Optional: without the file, staff write who is responsible.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { parseWith, readYamlFile, type DefinitionProblem } from '../../../platform/definitions/yaml-files.js';

export const referralSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower case letters, digits and hyphens'),
    name: z.string().min(1).max(120).describe('The organisation, as the public knows it'),
    responsibleFor: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('What it looks after, to help staff choose'),
    phone: z.string().min(1).max(40).optional(),
    email: z.email().optional(),
    website: z.url({ protocol: /^https?$/ }).optional(),
  })
  .strict();

export const referralsFileSchema = z
  .object({ $schema: z.string().optional(), referrals: z.array(referralSchema) })
  .strict()
  .superRefine((file, context) => {
    const seen = new Set<string>();
    file.referrals.forEach((referral, index) => {
      if (seen.has(referral.id))
        context.addIssue({
          code: 'custom',
          path: ['referrals', index, 'id'],
          message: `duplicate id "${referral.id}"`,
        });
      seen.add(referral.id);
    });
  });

export type Referral = z.output<typeof referralSchema>;

export function loadReferrals(definitionsDir: string): {
  referrals: Referral[];
  problems: DefinitionProblem[];
} {
  const read = readYamlFile(join(definitionsDir, 'referrals.yaml'));
  if ('problems' in read) {
    // No file: staff write who is responsible each time.
    const missing = read.problems.every((problem) => problem.message.includes('ENOENT'));
    return { referrals: [], problems: missing ? [] : read.problems };
  }
  const parsed = parseWith(read.yaml, read.value, referralsFileSchema);
  return parsed.ok
    ? { referrals: parsed.data.referrals, problems: [] }
    : { referrals: [], problems: parsed.problems };
}

/** How to reach an organisation, in one line: "0300 555 0190, water@… or https://…". */
export function referralContact(referral: Referral): string {
  return [referral.phone, referral.email, referral.website].filter((part) => part !== undefined).join(', ');
}
