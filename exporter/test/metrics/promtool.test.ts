import { spawnSync } from 'node:child_process';
import { type TestExporter, startTestExporter } from '../support/exporter';
import { KNOWN_CONFIG, KNOWN_EVENTS, NOW } from './known-events';

/**
 * `promtool check metrics` (Debian's prometheus package) on a real scrape. It must report nothing for the
 * project's own families. prom-client's default Node.js gauges named `*_total` are the only complaints allowed;
 * they are prom-client's names, kept because dashboards expect them.
 */
const PROM_CLIENT_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const available = !promtool.error && promtool.status === 0;
if (!available && process.env.CI === 'true') {
  throw new Error('promtool is not installed (Debian package "prometheus"); CI needs it for the exposition lint');
}

function check(text: string): { status: number | null; complaints: string[] } {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  const complaints = `${result.stdout}\n${result.stderr}`
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return { status: result.status, complaints };
}

(available ? describe : describe.skip)('promtool check metrics', () => {
  let exporter: TestExporter;
  let scrape: string;
  beforeAll(async () => {
    exporter = await startTestExporter(KNOWN_CONFIG, { now: () => NOW });
    expect((await exporter.post('/api/v1/events', KNOWN_EVENTS)).status).toBe(202);
    await exporter.post('/api/v1/events', '{"not": "an event"}');
    scrape = await exporter.scrape();
  });
  afterAll(() => exporter.close());

  it('reports nothing for the project families', () => {
    const own = scrape
      .split('\n')
      .filter((l) => /^(# (HELP|TYPE) )?dora_/.test(l))
      .join('\n');
    expect(own).toContain('dora_exporter_rejections_total');
    expect(own).toContain('dora_window_lead_time_seconds{');
    expect(check(`${own}\n`)).toEqual({ status: 0, complaints: [] });
  });

  it('finds only the known prom-client default names in the whole scrape', () => {
    const { complaints } = check(scrape);
    for (const line of complaints) {
      expect(PROM_CLIENT_DEFAULTS).toContain(line.split(' ')[0]);
      expect(line).toContain('non-counter metrics should not have "_total" suffix');
    }
  });

  it('notices a broken family, so that silence means something', () => {
    const broken = '# HELP dora_broken Broken.\n# TYPE dora_broken counter\ndora_broken{team="a"} 1\n';
    expect(check(broken).complaints.join('\n')).toContain('dora_broken counter metrics should have "_total" suffix');
  });
});
