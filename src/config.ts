/**
 * Plaza's whole configuration: one schema over the environment. Every variable is described here (and in the
 * README's table); a bad configuration lists every problem at once, then the process exits.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseKeyList, type EncryptionKey } from './platform/crypto/key-ring.js';

/** The folder holding Plaza's package.json, whether running from src/ (tests) or dist/ (built). */
export const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const hexColour = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1d4f91')
  // Only a well-formed colour can be judged for contrast.
  .pipe(
    z.string().refine((colour) => contrastWithWhite(colour) >= 4.5, {
      message: 'must contrast with white text by at least 4.5:1 (WCAG AA); choose a darker colour',
    }),
  );

export const configVariables = {
  PLAZA_ENV: {
    schema: z.enum(['development', 'production', 'test']).default('development'),
    description: 'development (demo data, outbox page), production (strict), or test',
  },
  PORT: { schema: z.coerce.number().int().min(0).max(65535).default(3000), description: 'HTTP port' },
  HOST: {
    schema: z.string().min(1).default('localhost'),
    description: 'Interface to listen on (0.0.0.0 in a container)',
  },
  PLAZA_BASE_URL: {
    schema: z.url().optional(),
    description: 'Public address used in emails and links; defaults to http://localhost:PORT',
  },
  PLAZA_ROLES: {
    schema: z
      .string()
      .default('web,worker')
      .transform((value) => value.split(',').map((role) => role.trim()))
      .pipe(z.array(z.enum(['web', 'worker'])).min(1)),
    description: 'Which roles this process runs: web, worker, or both (web,worker)',
  },
  PLAZA_DATA_DIR: {
    schema: z.string().min(1).default('./data'),
    description: 'Folder for the embedded database (PGlite) and generated secrets',
  },
  DATABASE_URL: {
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection string')
      .optional(),
    description: 'PostgreSQL server to use instead of the embedded database',
  },
  PLAZA_DEFINITIONS_DIR: {
    schema: z.string().min(1).optional(),
    description:
      'Folder holding services/, workflows/, departments.yaml and calendar.yaml; defaults to the demo city',
  },
  PLAZA_ORGANISATION_NAME: {
    schema: z.string().min(1).default('Demo City'),
    description: 'Name shown in the header',
  },
  PLAZA_BRAND_COLOUR: {
    schema: hexColour.default('#1d4f91'),
    description: 'Header colour (must contrast with white)',
  },
  PLAZA_LOGO_URL: {
    schema: z
      .string()
      .regex(/^(https?:\/\/|\/[^/\\])/, 'must be an http(s) address or a path on this site, like /logo.svg')
      .optional(),
    description: 'Address of a logo image for the header',
  },
  PLAZA_CONTACT_EMAIL: {
    schema: z.email({ error: 'must be an email address' }).optional(),
    description:
      'Where people report accessibility problems (the accessibility statement); without it, the departments’ own contacts',
  },
  PLAZA_MAP_TILE_URL: {
    schema: z
      .string()
      .default('https://tile.openstreetmap.org/{z}/{x}/{y}.png')
      .refine(
        (value) =>
          value === '' || value === 'none' || /^https:\/\/[^/\s]+\/\S*\{z\}\S*\{x\}\S*\{y\}/.test(value),
        'must be an https tile address with {z}, {x} and {y}, or "none" for maps without tiles',
      ),
    description:
      'Map tiles for report maps (Leaflet URL template); "none": maps show the boundary and pins without tiles',
  },
  PLAZA_MAP_TILE_ATTRIBUTION: {
    schema: z.string().max(300).default('© OpenStreetMap contributors'),
    description: "Credit shown on maps, as the tile provider's terms ask",
  },
  PLAZA_TIMEZONE: {
    schema: z.string().default('UTC').refine(isTimeZone, 'must be an IANA time zone such as Europe/Madrid'),
    description: 'Time zone of the organisation: working days and dates shown to people',
  },
  PLAZA_SECRET: {
    schema: z.string().min(32, 'must be at least 32 characters').optional(),
    description:
      'Secret for one-time codes and tokens; required in production and when several processes share a database; generated in the data folder otherwise',
  },
  PLAZA_ENCRYPTION_KEYS: {
    schema: z
      .string()
      .optional()
      .transform((value, context): EncryptionKey[] | undefined => {
        if (value === undefined) return undefined;
        const parsed = parseKeyList(value);
        if ('keys' in parsed) return parsed.keys;
        for (const message of parsed.problems) context.addIssue({ code: 'custom', message });
        return z.NEVER;
      }),
    description:
      'Keys that encrypt personal data at rest, written id:base64,id:base64 (32 random bytes each; `npx plaza keys generate` makes one): the first encrypts, all decrypt. Required in production; derived from the secret otherwise',
  },
  PLAZA_PERSONAL_DATA_RETENTION_DAYS: {
    schema: z.coerce.number().int().min(1).max(36_500).default(730),
    description:
      'Days a closed case keeps its personal data before it is anonymised, unless its service definition says (retention.personalDataDays)',
  },
  PLAZA_MAX_READING_AGE: {
    schema: z.coerce.number().int().min(5).max(25).default(9),
    description:
      'Reading age above which the service definitions page and `plaza services validate` warn about a page of a service (Flesch–Kincaid grade + 5; GOV.UK aims at 9)',
  },
  PLAZA_STAFF_MFA: {
    schema: z.enum(['required', 'optional'], { error: 'must be required or optional' }).optional(),
    description:
      'Whether staff must prove each sign-in with a second factor (authenticator app or passkey): required (the default; production refuses optional) or optional (the default in tests)',
  },
  PLAZA_DEMO: {
    schema: booleanFlag.optional(),
    description: 'Seed the demo city on first start (default: on in development)',
  },
  PLAZA_DEMO_PASSWORD: {
    schema: z.string().min(12).optional(),
    description: 'Password for the demo staff accounts; a random one is generated and printed once otherwise',
  },
  SMTP_URL: {
    schema: z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// address')
      .optional(),
    description: 'Mail server for notifications; without it messages stay in the outbox',
  },
  MAIL_FROM: {
    schema: z.string().min(3).default('Plaza <no-reply@plaza.localhost>'),
    description: 'Sender of emails',
  },
  PLAZA_UPLOAD_MAX_BYTES: {
    schema: z.coerce
      .number()
      .int()
      .positive()
      .default(10 * 1024 * 1024),
    description: 'Largest file a citizen may upload, in bytes',
  },
  PLAZA_TRUST_PROXY: {
    schema: z
      .string()
      .regex(/^(true|false|\d+|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/, {
        message:
          'must be true, false, a number of proxies, or proxy addresses (CIDR allowed), comma-separated',
      })
      .optional(),
    description:
      "Whether to take the client's address from X-Forwarded-For: false (default), true, the number of proxies in front, or their addresses",
  },
  PLAZA_RATE_LIMITS: {
    schema: z.enum(['on', 'off']).optional(),
    description:
      'Limits on sign-in attempts, code entry, applications sent and API calls per client: on (default) or off (default in tests)',
  },
  PLAZA_OPEN311_JURISDICTION: {
    schema: z
      .string()
      .regex(
        /^[A-Za-z0-9.:_-]{1,200}$/,
        "must be an identifier such as the city site's domain (demo-city.example)",
      )
      .optional(),
    description:
      "This deployment's Open311 jurisdiction_id: requests naming another are refused (404); without it, any is accepted",
  },
  PLAZA_TRIAGE_AUTO_APPLY: {
    schema: z
      .string()
      .refine(
        (value) =>
          value === 'off' || (/^\d*\.?\d+$/.test(value) && Number(value) >= 0.5 && Number(value) <= 1),
        { message: 'must be off or a confidence from 0.5 to 1, like 0.9' },
      )
      .transform((value) => (value === 'off' ? undefined : Number(value)))
      .optional(),
    description:
      "Confidence (0.5 to 1, e.g. 0.9) from which triage's suggested type is applied to a new report without a person, audited and undoable; off (default) only suggests",
  },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    description: 'How much the server logs',
  },
} as const;

type Variables = typeof configVariables;
type Parsed = { [K in keyof Variables]: z.output<Variables[K]['schema']> };

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  baseUrl: string;
  roles: ('web' | 'worker')[];
  dataDir: string;
  databaseUrl: string | undefined;
  definitionsDir: string;
  organisation: { name: string; brandColour: string; logoUrl: string | undefined; contactEmail?: string };
  timeZone: string;
  secret: string | undefined;
  /** Keys for personal data at rest, the first encrypting; undefined: one derived from the secret. */
  encryptionKeys: EncryptionKey[] | undefined;
  personalDataRetentionDays: number;
  /** Reading age above which a page of a service's text is flagged to its designers. */
  maxReadingAge: number;
  /** Whether staff need a second factor to sign in (a staff member who set one up always uses it). */
  staffMfa: 'required' | 'optional';
  demo: boolean;
  demoPassword: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  uploadMaxBytes: number;
  /** Report maps' tiles: a Leaflet URL template and its credit; url undefined: no tiles. */
  mapTiles: { url: string | undefined; attribution: string };
  /** Whether rate limits apply (see platform/http/rate-limits.ts). */
  rateLimits: boolean;
  /** Fastify's trustProxy: which proxies' X-Forwarded-For gives the client's address. */
  trustProxy: boolean | number | string;
  /** The jurisdiction_id Open311 requests are checked against; undefined: any is accepted. */
  open311Jurisdiction: string | undefined;
  /** Confidence from which triage applies its suggestion by itself; undefined: it only suggests. */
  triageAutoApply: number | undefined;
  logLevel: Parsed['LOG_LEVEL'];
  packageRoot: string;
  /**
   * The environment the configuration was read from, for variables a deployment names in its definitions
   * (an identity provider's client secret, in identity-providers.yaml).
   */
  environment: Readonly<Record<string, string | undefined>>;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Plaza cannot start: its configuration has ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`,
    );
  }
}

/** Reads the configuration from the environment; throws a ConfigError listing every problem found. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const values: Partial<Record<keyof Variables, unknown>> = {};
  for (const [name, variable] of Object.entries(configVariables) as [
    keyof Variables,
    Variables[keyof Variables],
  ][]) {
    const raw = env[name] === '' ? undefined : env[name];
    const result = variable.schema.safeParse(raw);
    if (result.success) values[name] = result.data;
    else problems.push(`${name}: ${result.error.issues.map((issue) => issue.message).join('; ')}`);
  }
  const parsed = values as Parsed;
  if (
    values.PLAZA_ENV === 'production' &&
    !values.PLAZA_SECRET &&
    !problems.some((problem) => problem.startsWith('PLAZA_SECRET'))
  ) {
    problems.push('PLAZA_SECRET: required in production (at least 32 random characters)');
  }
  if (values.PLAZA_ENV === 'production' && values.PLAZA_STAFF_MFA === 'optional') {
    problems.push('PLAZA_STAFF_MFA: cannot be optional in production; staff must use a second factor');
  }
  if (
    values.PLAZA_ENV === 'production' &&
    !values.PLAZA_ENCRYPTION_KEYS &&
    !problems.some((problem) => problem.startsWith('PLAZA_ENCRYPTION_KEYS'))
  ) {
    problems.push(
      'PLAZA_ENCRYPTION_KEYS: required in production (id:base64 pairs, the first encrypts; `npx plaza keys generate` makes a key)',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const env_ = parsed.PLAZA_ENV;
  return {
    env: env_,
    port: parsed.PORT,
    host: parsed.HOST,
    baseUrl: (parsed.PLAZA_BASE_URL ?? `http://localhost:${parsed.PORT}`).replace(/\/$/, ''),
    roles: parsed.PLAZA_ROLES,
    dataDir: resolvePath(parsed.PLAZA_DATA_DIR),
    databaseUrl: parsed.DATABASE_URL,
    definitionsDir: parsed.PLAZA_DEFINITIONS_DIR
      ? resolvePath(parsed.PLAZA_DEFINITIONS_DIR)
      : resolve(packageRoot, 'definitions', 'demo-city'),
    organisation: {
      name: parsed.PLAZA_ORGANISATION_NAME,
      brandColour: parsed.PLAZA_BRAND_COLOUR,
      logoUrl: parsed.PLAZA_LOGO_URL,
      contactEmail: parsed.PLAZA_CONTACT_EMAIL,
    },
    timeZone: parsed.PLAZA_TIMEZONE,
    secret: parsed.PLAZA_SECRET,
    encryptionKeys: parsed.PLAZA_ENCRYPTION_KEYS,
    personalDataRetentionDays: parsed.PLAZA_PERSONAL_DATA_RETENTION_DAYS,
    maxReadingAge: parsed.PLAZA_MAX_READING_AGE,
    staffMfa: parsed.PLAZA_STAFF_MFA ?? (env_ === 'test' ? 'optional' : 'required'),
    demo: parsed.PLAZA_DEMO ?? env_ === 'development',
    demoPassword: parsed.PLAZA_DEMO_PASSWORD,
    smtpUrl: parsed.SMTP_URL,
    mailFrom: parsed.MAIL_FROM,
    uploadMaxBytes: parsed.PLAZA_UPLOAD_MAX_BYTES,
    mapTiles: {
      url:
        parsed.PLAZA_MAP_TILE_URL === '' || parsed.PLAZA_MAP_TILE_URL === 'none'
          ? undefined
          : parsed.PLAZA_MAP_TILE_URL,
      attribution: parsed.PLAZA_MAP_TILE_ATTRIBUTION,
    },
    // Tests sign in many times from one address; those about the limits turn them on.
    rateLimits: (parsed.PLAZA_RATE_LIMITS ?? (env_ === 'test' ? 'off' : 'on')) === 'on',
    trustProxy: trustProxy(parsed.PLAZA_TRUST_PROXY),
    open311Jurisdiction: parsed.PLAZA_OPEN311_JURISDICTION,
    triageAutoApply: parsed.PLAZA_TRIAGE_AUTO_APPLY,
    logLevel: parsed.LOG_LEVEL,
    packageRoot,
    environment: env,
  };
}

function trustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

function resolvePath(path: string): string {
  return isAbsolute(path) ? path : resolve(process.cwd(), path);
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** WCAG relative-luminance contrast ratio of a colour against white. */
export function contrastWithWhite(hex: string): number {
  const channel = (offset: number): number => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (luminance + 0.05);
}
