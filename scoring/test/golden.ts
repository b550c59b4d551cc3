/**
 * Typed access to golden-vectors.json for every workspace's tests (scoring, exporter, panel): the one place that
 * knows the file's shape and its defaults.
 */
import type { ContractParameters, MetricWeights } from '../src/contract';
import { withDefaults } from '../src/contract';
import type { NormalizedEvent } from '../src/events';
import type { SprintStatus } from '../src/guarantee';
import type { IncidentLink, LinkOptions } from '../src/link';
import type { Measurements } from '../src/measure';
import type { Tiers } from '../src/score';
import type { SprintCalendar } from '../src/calendar';
import raw from './golden-vectors.json';

export interface ExpectedSprint {
  name: string;
  index: number;
  start: string;
  end: string;
  status: SprintStatus;
  score: number | null;
  credited: boolean;
  atRisk: boolean;
  tiers: Tiers;
  measurements: Measurements;
}

export interface ExpectedIncident {
  id: string;
  deploymentId: string | null;
  linkedBy?: IncidentLink;
  unlinkedReason?: string;
}

export interface GoldenVector {
  name: string;
  description: string;
  calendar: SprintCalendar;
  contract: ContractParameters;
  link: LinkOptions;
  asOf: string;
  events: NormalizedEvent[];
  expected: {
    sprints: ExpectedSprint[];
    credits: number;
    lowStreak: number;
    atRisk: boolean;
    creditsIfNextLow: number;
    incidents?: ExpectedIncident[];
  };
}

interface RawVector extends Omit<GoldenVector, 'contract' | 'link' | 'expected'> {
  contract: Partial<Omit<ContractParameters, 'weights'>> & { weights?: Partial<MetricWeights> };
  link?: LinkOptions;
  expected: Omit<GoldenVector['expected'], 'sprints'> & {
    sprints: (Omit<ExpectedSprint, 'measurements'> & { measurements: Partial<Measurements> })[];
  };
}

const file = raw as unknown as {
  measurementDefaults: Measurements;
  link: LinkOptions;
  vectors: RawVector[];
};

export const goldenVectors: GoldenVector[] = file.vectors.map((v) => ({
  ...v,
  contract: withDefaults(v.contract),
  link: v.link ?? file.link,
  expected: {
    ...v.expected,
    sprints: v.expected.sprints.map((s) => ({
      ...s,
      measurements: { ...file.measurementDefaults, ...s.measurements },
    })),
  },
}));

/** Numbers equal within a relative 1e-9 (the vectors hold exact fractions such as 1/3). */
export function closeTo(actual: number | null, expected: number | null): boolean {
  if (actual === null || expected === null) return actual === expected;
  return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}

/** Fields of `actual` that differ from `expected`, numbers compared with `closeTo`; empty when equal. */
export function differences(actual: object, expected: object, path = ''): string[] {
  const out: string[] = [];
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  for (const key of new Set([...Object.keys(a), ...Object.keys(e)])) {
    const av = a[key];
    const ev = e[key];
    const where = path ? `${path}.${key}` : key;
    if (typeof ev === 'number' || typeof av === 'number') {
      if (!closeTo((av as number | null) ?? null, (ev as number | null) ?? null)) {
        out.push(`${where}: expected ${String(ev)}, got ${String(av)}`);
      }
    } else if (ev !== null && typeof ev === 'object' && av !== null && typeof av === 'object') {
      out.push(...differences(av, ev, where));
    } else if (av !== ev) {
      out.push(`${where}: expected ${JSON.stringify(ev)}, got ${JSON.stringify(av)}`);
    }
  }
  return out;
}
