import fs from 'node:fs';
import YAML from 'yaml';
import { startAlertmanager, startWebhookSink, stopAll, type Started } from './support/processes';
import { repoPath } from './support/repo';
import { describeWithTools, run } from './support/tools';

const configFile = repoPath('alertmanager', 'alertmanager.yml');

describeWithTools(['amtool'], 'alertmanager.yml (amtool)', ({ amtool }) => {
  test('amtool check-config accepts it', () => {
    const r = run(amtool!, ['check-config', configFile]);
    expect(r.stdout).toContain('SUCCESS');
    expect(r.stdout).toContain('2 inhibit rules');
    expect(r.status).toBe(0);
  });

  // amtool walks the real routing tree; the labels are those the alerting rules put on each alert.
  test.each([
    [
      'a squad alert that is critical',
      'squad-critical',
      ['alertname=DoraGuaranteeCreditsGranted', 'severity=critical', 'team=atlas'],
    ],
    [
      'a squad alert that is a warning',
      'squad-warning',
      ['alertname=DoraGuaranteeSprintEndedLow', 'severity=warning', 'team=cosmos', 'sprint=2026-06-01'],
    ],
    [
      'the exporter down (no team)',
      'platform-critical',
      ['alertname=DoraGuaranteeExporterDown', 'severity=critical', 'job=dora-guarantee'],
    ],
    [
      'a silent source (no team)',
      'platform',
      ['alertname=DoraGuaranteeNoEventsFromSource', 'severity=warning', 'source=github'],
    ],
    ['an info alert, even with a team', 'blackhole', ['alertname=Anything', 'severity=info', 'team=atlas']],
  ])('%s goes to %s', (_what, receiver, labels) => {
    const r = run(amtool!, ['config', 'routes', 'test', `--config.file=${configFile}`, ...labels]);
    expect(r.stdout.trim()).toBe(receiver);
  });

  test('every receiver that notifies is a webhook (the local sink in compose)', () => {
    const config = YAML.parse(fs.readFileSync(configFile, 'utf8')) as {
      receivers: { name: string; webhook_configs?: { url: string }[] }[];
    };
    for (const r of config.receivers.filter((x) => x.name !== 'blackhole')) {
      expect(r.webhook_configs?.[0]?.url).toMatch(/^http:\/\/alert-sink:9099\//);
    }
  });
});

interface ApiAlert {
  labels: Record<string, string>;
  status: { state: string; inhibitedBy: string[] };
}

describeWithTools(['prometheus-alertmanager'], 'inhibition in a running Alertmanager', (tools) => {
  let am: Started;
  let sink: Started;

  beforeAll(async () => {
    sink = await startWebhookSink();
    am = await startAlertmanager(tools['prometheus-alertmanager']!, { webhookUrl: `${sink.url}/`, fastGrouping: true });
  });
  afterAll(() => stopAll());

  async function post(alerts: Record<string, string>[]): Promise<void> {
    const endsAt = new Date(Date.now() + 10 * 60_000).toISOString();
    const res = await fetch(`${am.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts.map((labels) => ({ labels, annotations: {}, endsAt }))),
    });
    expect(res.status).toBe(200);
  }

  /** The inhibitor learns of source alerts asynchronously, so poll until the expected states show up. */
  async function statesEventually(expected: Record<string, string>): Promise<Record<string, string>> {
    let states: Record<string, string> = {};
    for (let i = 0; i < 50; i++) {
      const res = await fetch(`${am.url}/api/v2/alerts`);
      const alerts = (await res.json()) as ApiAlert[];
      states = Object.fromEntries(
        alerts.map((a) => [`${a.labels.alertname}/${a.labels.team ?? '-'}`, a.status.state] as const),
      );
      if (Object.entries(expected).every(([k, v]) => states[k] === v)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return states;
  }

  test('credits at risk silences "sprint ended low" for the same team only', async () => {
    await post([
      { alertname: 'DoraGuaranteeCreditsAtRisk', severity: 'critical', team: 'borealis' },
      { alertname: 'DoraGuaranteeSprintEndedLow', severity: 'warning', team: 'borealis', sprint: '2026-06-01' },
      { alertname: 'DoraGuaranteeSprintEndedLow', severity: 'warning', team: 'cosmos', sprint: '2026-06-01' },
    ]);
    const expected = {
      'DoraGuaranteeCreditsAtRisk/borealis': 'active',
      'DoraGuaranteeSprintEndedLow/borealis': 'suppressed',
      'DoraGuaranteeSprintEndedLow/cosmos': 'active',
    };
    expect(await statesEventually(expected)).toEqual(expected);
  });

  test('the exporter down silences every data alert but itself', async () => {
    await post([
      { alertname: 'DoraGuaranteeExporterDown', severity: 'critical', job: 'dora-guarantee' },
      { alertname: 'DoraGuaranteeCreditsGranted', severity: 'critical', team: 'atlas' },
    ]);
    const expected = {
      'DoraGuaranteeExporterDown/-': 'active',
      'DoraGuaranteeCreditsGranted/atlas': 'suppressed',
      'DoraGuaranteeCreditsAtRisk/borealis': 'suppressed',
      'DoraGuaranteeSprintEndedLow/borealis': 'suppressed',
      'DoraGuaranteeSprintEndedLow/cosmos': 'suppressed',
    };
    expect(await statesEventually(expected)).toEqual(expected);
  });

  // The sink is what compose runs as the receiver: prove a notification reaches it through the real Alertmanager.
  test('the exporter-down notification reaches the webhook sink', async () => {
    let received: { receiver: string; alerts: { labels: Record<string, string> }[] }[] = [];
    for (let i = 0; i < 75 && received.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
      const all = (await (await fetch(`${sink.url}/notifications`)).json()) as typeof received;
      received = all.filter((n) => n.alerts.some((a) => a.labels.alertname === 'DoraGuaranteeExporterDown'));
    }
    expect(received[0]?.receiver).toBe('platform-critical');
  });
});
