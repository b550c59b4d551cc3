/**
 * The demo's squads. Their names are a contract: Prometheus rules tests, dashboards and the end-to-end tests rely
 * on atlas earning credits, borealis being at risk and cosmos being healthy (docs/demo.md).
 */

/** How a sprint goes for a squad; each quality maps to parameter ranges whose tiers cannot cross a bound. */
export type SprintQuality = 'elite' | 'ok' | 'low';

export interface DemoService {
  name: string;
  /** The repository whose pushes and merges belong to the service (owner/name). */
  repository: string;
  /** Share of the squad's deployments this service gets. */
  weight: number;
}

export interface DemoSquad {
  name: string;
  /** One line for docs and the CLI: what the squad shows. */
  story: string;
  services: DemoService[];
  /** Quality of sprint i, for the 12 ended sprints and the current one (index 12). */
  quality: readonly SprintQuality[];
}

/** Ended sprints before the current one; the anchor date falls in sprint number DEMO_CURRENT_SPRINT. */
export const DEMO_CURRENT_SPRINT = 12;

const q = (pattern: string): SprintQuality[] =>
  [...pattern].map((c) => ({ E: 'elite', O: 'ok', L: 'low' })[c] as SprintQuality);

export const DEMO_SQUADS: readonly DemoSquad[] = [
  {
    name: 'atlas',
    story:
      'earns 3 credits: after two low ramp-up sprints (not counted) and three ok ones, sprints 5-7 are low, then it recovers',
    services: [
      { name: 'checkout-api', repository: 'acme/checkout-api', weight: 0.6 },
      { name: 'checkout-web', repository: 'acme/checkout-web', weight: 0.4 },
    ],
    //        0123456789012
    quality: q('LLOOOLLLOOOOO'),
  },
  {
    name: 'borealis',
    story:
      'is at risk: a single low sprint (6) granted nothing, and its latest ended sprint (11) is low again; one more low sprint grants 2 credits',
    services: [{ name: 'payments-api', repository: 'acme/payments-api', weight: 1 }],
    quality: q('OLOOOOLOOOOLL'),
  },
  {
    name: 'cosmos',
    story: 'is healthy: deploys many times a day with short lead times and quick, mostly automated recovery',
    services: [
      { name: 'search-api', repository: 'acme/search-api', weight: 0.55 },
      { name: 'search-indexer', repository: 'acme/search-indexer', weight: 0.45 },
    ],
    quality: q('OEEEEEEEEEEEE'),
  },
];
