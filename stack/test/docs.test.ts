import fs from 'node:fs';
import YAML from 'yaml';
import { repoPath } from './support/repo';

const alerts = (
  YAML.parse(fs.readFileSync(repoPath('prometheus', 'rules', 'alerts.yml'), 'utf8')) as {
    groups: { rules: { alert: string }[] }[];
  }
).groups.flatMap((g) => g.rules.map((r) => r.alert));
const stackDoc = fs.readFileSync(repoPath('docs', 'stack.md'), 'utf8');

test.each(alerts)('%s has a runbook saying what it means, causes, what to do, how to verify', (alert) => {
  const runbook = fs.readFileSync(repoPath('docs', 'runbooks', `${alert}.md`), 'utf8');
  expect(runbook.startsWith(`# ${alert}\n`)).toBe(true);
  for (const section of ['## What it means', '## Likely causes', '## What to do', '## How to verify']) {
    expect(runbook).toContain(section);
  }
  // Causes lead to the capability dashboard (or, for the exporter's own alerts, to its health dashboard).
  expect(runbook).toMatch(/\/d\/(tech-capabilities|exporter-health)/);
});

test('docs/runbooks holds no runbook for an alert that does not exist', () => {
  const files = fs.readdirSync(repoPath('docs', 'runbooks')).map((f) => f.replace(/\.md$/, ''));
  expect(files.sort()).toEqual([...alerts].sort());
});

test.each(alerts)('docs/stack.md lists %s', (alert) => {
  expect(stackDoc).toContain(`[\`${alert}\`](runbooks/${alert}.md)`);
});

test('docs/stack.md describes every dashboard by its uid', () => {
  for (const file of fs.readdirSync(repoPath('dashboards')).filter((f) => f.endsWith('.json'))) {
    expect(stackDoc).toContain(`\`${file.replace(/\.json$/, '')}\``);
  }
});
