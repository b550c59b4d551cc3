import { parseExposition } from '../../test/support/exposition';
import { ENVIRONMENTS, SERVICES, TEAMS } from './config';
import { SOURCES } from './sign';

/** What the configuration of config.ts allows each payload-influenced label to be; nothing else may appear. */
const ALLOWED: Record<string, ReadonlySet<string>> = {
  team: new Set([...TEAMS, 'unassigned']),
  service: new Set([...SERVICES, 'unassigned']),
  environment: new Set([...ENVIRONMENTS, 'other']),
  source: new Set([...SOURCES, 'unknown']),
  outcome: new Set(['accepted', 'duplicate', 'ignored', 'rejected', 'new', 'passed', 'failed', 'skipped']),
  reason: new Set([
    'signature',
    'schema',
    'json',
    'size',
    'unsupported_media_type',
    'store',
    'missing',
    'invalid',
    'stale',
  ]),
};
/** Labels whose values come from code, not payloads: a fixed vocabulary, never more than a few dozen values. */
const MAX_VALUES_PER_LABEL = 40;
const SAFE_VALUE = /^[A-Za-z0-9._\-/+: ]{1,64}$/;

export interface LabelReport {
  series: number;
  /** Distinct values per label name. */
  values: Record<string, number>;
  violations: string[];
}

/** Every label value on /metrics checked against the configuration; `extraTeams` as in ConfigOptions. */
export function checkLabels(text: string, options: { extraTeams?: number; sprintsPerTeam?: number } = {}): LabelReport {
  const samples = parseExposition(text);
  const seen = new Map<string, Set<string>>();
  const violations = new Set<string>();
  const teams = new Set([...(ALLOWED.team as Set<string>)]);
  for (let i = 0; i < (options.extraTeams ?? 0); i++) teams.add(`team-${i}`);
  const services = new Set([...(ALLOWED.service as Set<string>)]);
  for (let i = 0; i < (options.extraTeams ?? 0); i++) services.add(`service-${i}`);
  const allowed = { ...ALLOWED, team: teams, service: services };
  const sprints = new Map<string, Set<string>>();
  for (const s of samples) {
    for (const [name, value] of Object.entries(s.labels)) {
      if (!seen.has(name)) seen.set(name, new Set());
      seen.get(name)!.add(value);
      const set = allowed[name as keyof typeof allowed];
      if (set && !set.has(value)) violations.add(`${s.name}{${name}="${value.slice(0, 80)}"} is not configured`);
      if (!set && name !== 'sprint' && !SAFE_VALUE.test(value))
        violations.add(`${s.name}{${name}="${value.slice(0, 80)}"} is not a plain value`);
      if (name === 'sprint') {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) violations.add(`${s.name}{sprint="${value.slice(0, 80)}"}`);
        const team = s.labels.team ?? '';
        if (!sprints.has(team)) sprints.set(team, new Set());
        sprints.get(team)!.add(value);
      }
    }
  }
  for (const [name, values] of seen) {
    if (!(name in allowed) && name !== 'sprint' && name !== 'le' && values.size > MAX_VALUES_PER_LABEL)
      violations.add(`label ${name} has ${values.size} values`);
  }
  const perTeam = options.sprintsPerTeam ?? 27;
  for (const [team, values] of sprints)
    if (values.size > perTeam) violations.add(`team ${team} exposes ${values.size} sprints (at most ${perTeam})`);
  return {
    series: samples.length,
    values: Object.fromEntries([...seen].map(([k, v]) => [k, v.size])),
    violations: [...violations],
  };
}
