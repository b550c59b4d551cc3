import { PRESET_IDS, isValidTimeZone, dayNumber } from '@dora-guarantee/scoring';
import { z } from 'zod';
import { surveysSection } from '../surveys/schema';

/** A secret is never written in the config itself: it names where to read it from. */
export const secretRef = z
  .object({
    env: z.string().min(1).optional(),
    file: z.string().min(1).optional(),
  })
  .strict()
  .refine((s) => (s.env === undefined) !== (s.file === undefined), {
    message: 'give exactly one of "env" (an environment variable name) or "file" (a path)',
  });
export type SecretRef = z.infer<typeof secretRef>;

const date = z.string().refine(
  (s) => {
    try {
      dayNumber(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be a calendar date YYYY-MM-DD' },
);

const calendar = z
  .object({
    firstSprintStart: date,
    sprintLengthDays: z.number().int().min(1).max(90).default(14),
    timeZone: z
      .string()
      .refine(isValidTimeZone, { message: 'must be an IANA time zone such as Europe/Berlin' })
      .default('UTC'),
  })
  .strict();

const weights = z
  .object({
    deploymentFrequency: z.number().positive(),
    leadTime: z.number().min(0),
    changeFailureRate: z.number().min(0),
    recoveryTime: z.number().min(0),
    reworkRate: z.number().min(0),
  })
  .strict()
  .partial();

const contract = z
  .object({
    preset: z.enum(PRESET_IDS as [string, ...string[]]),
    weights,
    rampUpSprints: z.number().int().min(0),
    lowScoreBelow: z.number().min(0).max(100),
    consecutiveLowForCredit: z.number().int().min(1),
  })
  .strict()
  .partial();

/** A name that may become a label value: short, printable, no surprises for PromQL users. */
const labelValue = z
  .string()
  .min(1)
  .max(64)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._\-/]*$/,
    'letters, digits, ".", "_", "-" and "/" only, starting with a letter or digit',
  );

const team = z
  .object({
    name: labelValue.refine((n) => n !== 'unassigned', { message: '"unassigned" is reserved for unmapped events' }),
    services: z.array(labelValue).min(1),
    /** Repository (owner/name or GitLab path) → one of this team's services. */
    repositories: z.record(z.string().min(1), labelValue).default({}),
    calendar: calendar.partial().optional(),
    contract: contract.optional(),
  })
  .strict();

const sources = z
  .object({
    github: z.object({ secret: secretRef }).strict().optional(),
    /** Either or both: each one configured is required on every delivery. */
    gitlab: z
      .object({ token: secretRef.optional(), signingSecret: secretRef.optional() })
      .strict()
      .refine((g) => g.token !== undefined || g.signingSecret !== undefined, {
        message: 'give "token" (the webhook\'s secret token), "signingSecret" (its signing token, whsec_...) or both',
      })
      .optional(),
    pagerduty: z
      .object({ secrets: z.array(secretRef).min(1), serviceMap: z.record(z.string(), labelValue).default({}) })
      .strict()
      .optional(),
    alertmanager: z
      .object({
        token: secretRef,
        incidentLabel: z
          .object({ name: z.string().min(1), value: z.string() })
          .strict()
          .default({
            name: 'dora_incident',
            value: 'true',
          }),
        serviceLabel: z.string().min(1).default('service'),
      })
      .strict()
      .optional(),
    cdevents: z.object({ token: secretRef }).strict().optional(),
  })
  .strict()
  .default({});

export const configSchema = z
  .object({
    server: z
      .object({
        port: z.number().int().min(0).max(65535).default(9470),
        host: z.string().default('0.0.0.0'),
        dataDir: z.string().default('.data'),
        /** Largest request body accepted, per source; above it the answer is 413. */
        maxBodyBytes: z
          .number()
          .int()
          .positive()
          .default(5 * 1024 * 1024),
      })
      .strict()
      .default({ port: 9470, host: '0.0.0.0', dataDir: '.data', maxBodyBytes: 5 * 1024 * 1024 }),
    calendar,
    contract: contract.default({}),
    linking: z
      .object({
        productionEnvironments: z.array(z.string().min(1)).min(1).default(['production', 'prod']),
        incidentLinkWindowHours: z.number().positive().default(24),
      })
      .strict()
      .default({ productionEnvironments: ['production', 'prod'], incidentLinkWindowHours: 24 }),
    /** Environment names allowed as label values besides the production ones; anything else is "other". */
    environments: z.array(labelValue).default(['staging', 'development']),
    teams: z.array(team).min(1),
    sources,
    api: z
      .object({ tokens: z.array(secretRef).default([]) })
      .strict()
      .default({ tokens: [] }),
    metrics: z
      .object({
        sprintsExposed: z.number().int().min(1).max(260).default(26),
        bearerToken: secretRef.optional(),
        basicAuth: z
          .object({ username: z.string().min(1), password: secretRef })
          .strict()
          .optional(),
      })
      .strict()
      .default({ sprintsExposed: 26 }),
    /** Developer research (docs/surveys.md): survey definitions, anonymity threshold, respondent hash salt. */
    surveys: surveysSection(secretRef).optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    const owner = new Map<string, string>();
    config.teams.forEach((t, i) => {
      for (const service of t.services) {
        const other = owner.get(service);
        if (other && other !== t.name) {
          ctx.addIssue({
            code: 'custom',
            path: ['teams', i, 'services'],
            message: `service "${service}" already belongs to team "${other}"`,
          });
        }
        owner.set(service, t.name);
      }
      for (const [repo, service] of Object.entries(t.repositories)) {
        if (!t.services.includes(service)) {
          ctx.addIssue({
            code: 'custom',
            path: ['teams', i, 'repositories', repo],
            message: `maps to "${service}", which is not one of team "${t.name}"'s services`,
          });
        }
      }
    });
    const names = config.teams.map((t) => t.name);
    names.forEach((n, i) => {
      if (names.indexOf(n) !== i)
        ctx.addIssue({ code: 'custom', path: ['teams', i, 'name'], message: `duplicate team "${n}"` });
    });
  });

export type RawConfig = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
