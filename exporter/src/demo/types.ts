import type { NormalizedEvent, Sprint, SprintCalendar } from '@dora-guarantee/scoring';
import type { Config } from '../config/load';
import type { SqliteEventStore } from '../store/sqlite/store';
import type { Random } from './random';
import type { DemoSquad } from './squads';

/** What every part of the demo sees: the same seed, anchor, calendar and squads. */
export interface DemoContext {
  seed: number;
  /** The anchor instant (epoch ms); nothing is generated after it. */
  now: number;
  calendar: SprintCalendar;
  /** Sprints 0..DEMO_CURRENT_SPRINT; the last one is in progress at `now`. */
  sprints: readonly Sprint[];
  /** Squads with the quality of each sprint, so that other parts (surveys) can tell the same story. */
  squads: readonly DemoSquad[];
  /** A PRNG stream of its own per name: a part's draws never shift another part's data. */
  random(stream: string): Random;
}

/** Where a part that stores more than normalized events writes it (`demo --data`, `serve` in demo mode). */
export interface DemoWriteTarget {
  dataDir: string;
  store: SqliteEventStore;
  config: Config;
}

/**
 * One composable piece of the demo. The delivery history (history.ts) is one; survey rounds (issue 5,
 * surveys.ts) are another. Every hook is optional and must be deterministic in the context alone.
 */
export interface DemoPart {
  name: string;
  /** Top-level keys to add to the demo config document (e.g. a survey definition). */
  config?(ctx: DemoContext): Record<string, unknown>;
  /** Normalized events; they are stored through the same validation, team assignment and append as the API. */
  events?(ctx: DemoContext): NormalizedEvent[];
  /**
   * Writes what is not a normalized event (e.g. survey responses). Must be idempotent: writing the same demo
   * twice adds nothing. Returns how many records were new and how many were already stored.
   */
  write?(ctx: DemoContext, target: DemoWriteTarget): Promise<{ added: number; existing: number }>;
}
