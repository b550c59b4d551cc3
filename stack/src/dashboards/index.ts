import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { capabilities } from './capabilities';
import { exporterHealth } from './exporter';
import { guarantee } from './guarantee';
import { overview } from './overview';
import { research } from './research';

/** File name under dashboards/ → dashboard. The file names are what Grafana's file provider loads. */
export function allDashboards(): Record<string, dashboard.Dashboard> {
  return {
    'dora-overview.json': overview(),
    'sprint-guarantee.json': guarantee(),
    'tech-capabilities.json': capabilities(),
    'developer-research.json': research(),
    'exporter-health.json': exporterHealth(),
  };
}

/** The committed form: stable key order from the builders, two-space indent, trailing newline. */
export function serialize(d: unknown): string {
  return `${JSON.stringify(d, null, 2)}\n`;
}
