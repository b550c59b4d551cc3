import Ajv from 'ajv';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { allDashboards, serialize } from '../src/dashboards';
import { dashboardQueries, type DashboardQuery } from '../src/dashboards/queries';
import { BUILTIN, catalogue, metricNames, recordedNames } from './support/promql';
import { repoPath } from './support/repo';

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'schemas', 'dashboard.schema.json'), 'utf8'));
const generated = allDashboards();
const committedFiles = fs.readdirSync(repoPath('dashboards')).filter((f) => f.endsWith('.json'));

interface Panel {
  type: string;
  title?: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type: string; uid: string };
  targets?: { datasource?: { uid: string }; expr?: string }[];
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; query?: unknown; definition?: string }[] };
}
const committed = Object.fromEntries(
  committedFiles.map((f) => [f, JSON.parse(fs.readFileSync(repoPath('dashboards', f), 'utf8')) as Dashboard]),
);

describe('dashboards are generated from stack/src/dashboards', () => {
  test('the committed files are exactly the generated ones (run `npm run dashboards -w stack`)', () => {
    expect(committedFiles.sort()).toEqual(Object.keys(generated).sort());
    for (const [file, d] of Object.entries(generated)) {
      expect(fs.readFileSync(repoPath('dashboards', file), 'utf8')).toBe(serialize(d));
    }
  });

  test('the committed query list is the one the dashboards hold', () => {
    const queries = Object.values(generated).flatMap((d) => dashboardQueries(d as never));
    const file = path.join(__dirname, '..', 'generated', 'dashboard-queries.json');
    expect(fs.readFileSync(file, 'utf8')).toBe(serialize(queries));
  });

  test('the vendored schema was made from the installed SDK version', () => {
    const sdkDir = path.resolve(path.dirname(require.resolve('@grafana/grafana-foundation-sdk/dashboard')), '..', '..');
    const { version } = JSON.parse(fs.readFileSync(path.join(sdkDir, 'package.json'), 'utf8')) as { version: string };
    expect(schema.$comment).toContain(`@grafana/grafana-foundation-sdk ${version} `);
  });
});

describe.each(committedFiles)('%s', (file) => {
  const d = committed[file]!;

  test('validates against the dashboard JSON schema', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const ok = validate(d);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  test('has a stable uid named like its file, and no import-only placeholders', () => {
    expect(`${d.uid}.json`).toBe(file);
    const text = JSON.stringify(d);
    expect(text).not.toContain('__inputs');
    expect(text).not.toContain('${DS_');
  });

  test('queries only the provisioned Prometheus, by its fixed uid', () => {
    const provisioning = fs.readFileSync(repoPath('provisioning', 'datasources', 'prometheus.yml'), 'utf8');
    expect(provisioning).toMatch(/uid: prometheus\b/);
    for (const p of d.panels.filter((x) => x.targets !== undefined)) {
      expect(p.datasource).toEqual({ type: 'prometheus', uid: 'prometheus' });
      for (const t of p.targets!) expect(t.datasource?.uid).toBe('prometheus');
    }
  });

  test('panels sit on the 24-column grid without overlapping', () => {
    const cells = new Set<string>();
    for (const p of d.panels) {
      const { x, y, w, h } = p.gridPos;
      for (const n of [x, y, w, h]) expect(Number.isInteger(n)).toBe(true);
      expect(x + w).toBeLessThanOrEqual(24);
      for (let i = x; i < x + w; i++) {
        for (let j = y; j < y + h; j++) {
          expect(cells.has(`${i},${j}`)).toBe(false);
          cells.add(`${i},${j}`);
        }
      }
    }
  });

  if (file !== 'exporter-health.json') {
    test('selects squads with the team variable from the contracts the exporter publishes', () => {
      const team = d.templating.list.find((v) => v.name === 'team');
      expect(team?.definition).toBe('label_values(dora_guarantee_info, team)');
      for (const p of d.panels) for (const t of p.targets ?? []) expect(t.expr).toContain('team=~"$team"');
    });
  }
});

test('the sprint guarantee dashboard holds the custom panel by the plugin id', () => {
  const pluginJson = JSON.parse(fs.readFileSync(repoPath('grafana-plugin', 'src', 'plugin.json'), 'utf8')) as {
    id: string;
  };
  const types = committed['sprint-guarantee.json']!.panels.map((p) => p.type);
  expect(types).toContain(pluginJson.id);
  expect(pluginJson.id).toBe('doraguarantee-sprintscore-panel');
});

describe('every metric a dashboard or a rule reads is published', () => {
  const known = new Set([...catalogue(), ...recordedNames(), ...BUILTIN]);
  const queries: DashboardQuery[] = JSON.parse(
    fs.readFileSync(path.join(__dirname, '..', 'generated', 'dashboard-queries.json'), 'utf8'),
  );

  test('the catalogue parser finds the families of docs/metrics.md', () => {
    const names = catalogue();
    expect(names).toContain('dora_guarantee_credits');
    expect(names).toContain('dora_change_review_time_seconds_bucket');
    expect(names.size).toBeGreaterThan(80);
  });

  test.each(queries.map((q) => [`${q.dashboard} / ${q.panel} / ${q.refId}`, q.expr] as const))('%s', (_n, expr) => {
    const unknown = metricNames(expr).filter((n) => !known.has(n));
    expect(unknown).toEqual([]);
  });

  test('alerting and recording rules, including the queries in their annotations', () => {
    const rules = ['recording.yml', 'alerts.yml'].flatMap((f) => {
      const doc = YAML.parse(fs.readFileSync(repoPath('prometheus', 'rules', f), 'utf8')) as {
        groups: { rules: { expr: string; annotations?: Record<string, string> }[] }[];
      };
      return doc.groups.flatMap((g) => g.rules);
    });
    const exprs = rules.map((r) => r.expr);
    const fromTemplates = rules
      .flatMap((r) => Object.values(r.annotations ?? {}))
      .flatMap((a) => [...a.matchAll(/printf "([^"]+)"/g)].map((m) => m[1]!.replace(/%q/g, '""')));
    const names = new Set([...exprs, ...fromTemplates].flatMap(metricNames));
    expect([...names].filter((n) => !known.has(n))).toEqual([]);
    expect(names).toContain('dora_guarantee_low_streak');
  });
});
