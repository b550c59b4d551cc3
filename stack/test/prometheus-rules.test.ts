import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { repoPath } from './support/repo';
import { describeWithTools, run } from './support/tools';

const rulesDir = repoPath('prometheus', 'rules');
const testFiles = fs.readdirSync(rulesDir).filter((f) => f.endsWith('_test.yml'));

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

function alertRules(): Rule[] {
  const doc = YAML.parse(fs.readFileSync(path.join(rulesDir, 'alerts.yml'), 'utf8')) as { groups: { rules: Rule[] }[] };
  return doc.groups.flatMap((g) => g.rules).filter((r) => r.alert !== undefined);
}

describeWithTools(['promtool'], 'Prometheus config and rules (promtool)', ({ promtool }) => {
  test('promtool check config accepts prometheus.yml and the rule files it names', () => {
    const r = run(promtool!, ['check', 'config', 'prometheus.yml'], { cwd: repoPath('prometheus') });
    expect(r.stderr + r.stdout).toContain('SUCCESS: 2 rule files found');
    expect(r.status).toBe(0);
  });

  test('promtool check rules passes with every lint fatal', () => {
    const r = run(promtool!, ['check', 'rules', '--lint=all', '--lint-fatal', 'recording.yml', 'alerts.yml'], {
      cwd: rulesDir,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test.each(testFiles)('promtool test rules %s', (file) => {
    const r = run(promtool!, ['test', 'rules', file], { cwd: rulesDir });
    if (r.status !== 0) throw new Error(r.stdout + r.stderr);
    expect(r.stdout).toContain('SUCCESS');
  });
});

describe('alerting rules follow the house style', () => {
  const alerts = alertRules();

  test('the issue lists nine alerts and the file has exactly those', () => {
    expect(alerts.map((a) => a.alert).sort()).toEqual(
      [
        'DoraGuaranteeChangeFailureRatioHigh',
        'DoraGuaranteeCreditsAtRisk',
        'DoraGuaranteeCreditsGranted',
        'DoraGuaranteeExporterDown',
        'DoraGuaranteeIncidentOpenPastRecoveryTarget',
        'DoraGuaranteeNoEventsFromSource',
        'DoraGuaranteeNoProductionDeployment',
        'DoraGuaranteeSprintEndedLow',
        'DoraGuaranteeWebhookSignatureFailures',
      ].sort(),
    );
  });

  test.each(alerts.map((a) => [a.alert!, a] as const))('%s has severity, summary, description, runbook', (name, a) => {
    expect(['critical', 'warning', 'info']).toContain(a.labels?.severity);
    expect(a.annotations?.summary).toMatch(/^[A-Z].*\.$/);
    expect(a.annotations?.description).toBeTruthy();
    expect(a.annotations?.runbook_url).toBe(`docs/runbooks/${name}.md`);
    expect(fs.existsSync(repoPath(a.annotations!.runbook_url!))).toBe(true);
  });

  // Read from the promtool unit tests, which assert exact labels: a squad alert must fire with `team`, an
  // exporter alert with the source or target it is about, and each must be seen not firing for a series present.
  const cases = unitTestCases();
  test.each(alerts.map((a) => a.alert!))('%s is tested firing with its subject label and not firing', (name) => {
    const mine = cases.filter((c) => c.alertname === name);
    const firing = mine.filter((c) => c.fired.length > 0);
    expect(firing.length).toBeGreaterThan(0);
    const subject = /Exporter|Source|Signature/.test(name) ? ['source', 'job'] : ['team'];
    for (const c of firing) for (const labels of c.fired) expect(subject.some((l) => l in labels)).toBe(true);
    const notFiring = mine.filter(
      (c) => c.fired.length === 0 || [...c.subjects].some((s) => !c.fired.some((l) => l.team === s || l.source === s)),
    );
    expect(notFiring.length).toBeGreaterThan(0);
  });
});

interface UnitCase {
  alertname: string;
  fired: Record<string, string>[];
  /** team and source label values of the input series. */
  subjects: Set<string>;
}

function unitTestCases(): UnitCase[] {
  const out: UnitCase[] = [];
  for (const file of testFiles) {
    const doc = YAML.parse(fs.readFileSync(path.join(rulesDir, file), 'utf8')) as {
      tests: {
        input_series: { series: string }[];
        alert_rule_test?: { alertname: string; exp_alerts?: { exp_labels?: Record<string, string> }[] }[];
      }[];
    };
    for (const t of doc.tests) {
      const subjects = new Set(
        t.input_series.flatMap((s) => [...s.series.matchAll(/\b(?:team|source)="([^"]+)"/g)].map((m) => m[1]!)),
      );
      for (const a of t.alert_rule_test ?? []) {
        out.push({ alertname: a.alertname, fired: (a.exp_alerts ?? []).map((e) => e.exp_labels ?? {}), subjects });
      }
    }
  }
  return out;
}
