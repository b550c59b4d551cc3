import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { REPO_ROOT, repoPath } from './support/repo';

/**
 * These machines have no Docker engine: the compose file is checked for what Docker would reject or what would
 * break at run time (a missing path, a port one side changed), against the configs it mounts.
 */

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  ports?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
  depends_on?: string[];
  user?: string;
}

const compose = YAML.parse(fs.readFileSync(repoPath('docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
const prometheusYml = YAML.parse(fs.readFileSync(repoPath('prometheus', 'prometheus.yml'), 'utf8'));
const alertmanagerYml = YAML.parse(fs.readFileSync(repoPath('alertmanager', 'alertmanager.yml'), 'utf8'));
const datasources = YAML.parse(fs.readFileSync(repoPath('provisioning', 'datasources', 'prometheus.yml'), 'utf8'));
const dashboardProviders = YAML.parse(
  fs.readFileSync(repoPath('provisioning', 'dashboards', 'dora-guarantee.yml'), 'utf8'),
);
const pluginId = (
  JSON.parse(fs.readFileSync(repoPath('grafana-plugin', 'src', 'plugin.json'), 'utf8')) as { id: string }
).id;

/** Build outputs that exist only after a build: the workspace that makes them must be there with a build script. */
const BUILD_OUTPUTS: Record<string, string> = { 'grafana-plugin/dist': 'grafana-plugin' };

function mounts(s: Service): { source: string; target: string; bind: boolean }[] {
  return (s.volumes ?? []).map((v) => {
    const [source, target] = v.split(':') as [string, string];
    return { source, target, bind: source.startsWith('.') || source.startsWith('/') };
  });
}

function mountedAt(service: string, target: string): string {
  const m = mounts(services[service]!).find((x) => x.target === target);
  if (m === undefined) throw new Error(`${service} mounts nothing at ${target}`);
  return m.source;
}

function containerPort(service: string): number {
  const published = services[service]!.ports?.[0];
  if (published === undefined) throw new Error(`${service} publishes no port`);
  return Number(published.split(':').pop());
}

function hostPort(address: string): { host: string; port: number } {
  const url = address.includes('://') ? new URL(address) : new URL(`http://${address}`);
  return { host: url.hostname, port: Number(url.port) };
}

function flag(service: string, name: string): string {
  const arg = (services[service]!.command ?? []).find((a) => a.startsWith(`--${name}=`));
  if (arg === undefined) throw new Error(`${service} has no --${name}`);
  return arg.slice(name.length + 3);
}

function job(name: string): string {
  const scrape = (prometheusYml.scrape_configs as { job_name: string; static_configs: { targets: string[] }[] }[]).find(
    (s) => s.job_name === name,
  );
  return scrape!.static_configs[0]!.targets[0]!;
}

test('the file has the five services and declares every named volume it uses', () => {
  expect(Object.keys(services).sort()).toEqual(['alert-sink', 'alertmanager', 'exporter', 'grafana', 'prometheus']);
  for (const s of Object.values(services)) {
    for (const m of mounts(s).filter((x) => !x.bind)) expect(Object.keys(compose.volumes)).toContain(m.source);
    for (const dep of s.depends_on ?? []) expect(Object.keys(services)).toContain(dep);
  }
});

test('every bind-mounted path and the build context exist', () => {
  for (const [name, s] of Object.entries(services)) {
    for (const m of mounts(s).filter((x) => x.bind)) {
      const rel = path.normalize(m.source);
      const builtBy = BUILD_OUTPUTS[rel];
      if (builtBy !== undefined) {
        const pkg = JSON.parse(fs.readFileSync(repoPath(builtBy, 'package.json'), 'utf8')) as {
          scripts?: Record<string, string>;
        };
        expect(pkg.scripts?.build).toBeTruthy();
      } else {
        expect({ service: name, path: rel, exists: fs.existsSync(path.join(REPO_ROOT, rel)) }).toEqual({
          service: name,
          path: rel,
          exists: true,
        });
      }
    }
  }
  const build = services.exporter!.build!;
  expect(fs.existsSync(path.join(REPO_ROOT, build.context, build.dockerfile))).toBe(true);
});

describe('exporter image', () => {
  const dockerfile = fs.readFileSync(repoPath('exporter', 'Dockerfile'), 'utf8');
  const port = containerPort('exporter');
  const command = services.exporter!.command!;

  test('is multi-stage on node:20-bookworm-slim, runs as non-root, with a health check', () => {
    const froms = dockerfile.match(/^FROM .*/gm) ?? [];
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const f of froms) expect(f).toMatch(/^FROM (node:20-bookworm-slim|base)\b/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK [\s\S]*\/healthz/m);
    expect(dockerfile).toMatch(/npm ci/);
    expect(dockerfile).toMatch(/npm run build -w exporter/);
    expect(dockerfile).toMatch(/--omit=dev/);
  });

  test('the port it listens on is the one it exposes, checks and publishes', () => {
    expect(port).toBe(9470);
    expect(command[command.indexOf('--port') + 1]).toBe(String(port));
    expect(dockerfile).toContain(`EXPOSE ${port}`);
    expect(dockerfile).toContain(`127.0.0.1:${port}/healthz`);
  });

  test('the compose command is the image CMD (demo data: no --config)', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)![1]!;
    expect(JSON.parse(cmd)).toEqual(command);
    expect(command).not.toContain('--config');
  });

  // Every COPY source must exist, or the build fails on its first step.
  test('every path the Dockerfile copies from the context exists', () => {
    for (const m of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const src of m[1]!.split(/\s+/))
        expect([src, fs.existsSync(path.join(REPO_ROOT, src))]).toEqual([src, true]);
    }
  });
});

describe('ports and addresses agree between compose and the configs', () => {
  test('Prometheus scrapes the exporter service on its port, with honor_labels', () => {
    expect(hostPort(job('dora-guarantee'))).toEqual({ host: 'exporter', port: containerPort('exporter') });
    const scrape = prometheusYml.scrape_configs.find((s: { job_name: string }) => s.job_name === 'dora-guarantee');
    expect(scrape.honor_labels).toBe(true);
    expect(scrape.metrics_path).toBe('/metrics');
  });

  test('Prometheus sends alerts to, and scrapes, the alertmanager service', () => {
    const target = prometheusYml.alerting.alertmanagers[0].static_configs[0].targets[0];
    expect(hostPort(target)).toEqual({ host: 'alertmanager', port: containerPort('alertmanager') });
    expect(hostPort(job('alertmanager'))).toEqual({ host: 'alertmanager', port: containerPort('alertmanager') });
    expect(hostPort(job('prometheus')).port).toBe(containerPort('prometheus'));
  });

  test('Prometheus and Alertmanager read the mounted repository configs', () => {
    const promConfig = flag('prometheus', 'config.file');
    expect(mountedAt('prometheus', path.dirname(promConfig))).toBe('./prometheus');
    expect(fs.existsSync(repoPath('prometheus', path.basename(promConfig)))).toBe(true);
    for (const rules of prometheusYml.rule_files as string[])
      expect(fs.existsSync(repoPath('prometheus', rules))).toBe(true);
    const amConfig = flag('alertmanager', 'config.file');
    expect(mountedAt('alertmanager', path.dirname(amConfig))).toBe('./alertmanager');
    expect(fs.existsSync(repoPath('alertmanager', path.basename(amConfig)))).toBe(true);
  });

  test('Alertmanager receivers post to the alert-sink service on the port it listens on', () => {
    const sinkPort = Number(services['alert-sink']!.command!.at(-1));
    const sinkScript = services['alert-sink']!.command![1]!;
    expect(mountedAt('alert-sink', sinkScript)).toBe('./alertmanager/webhook-sink.mjs');
    for (const r of alertmanagerYml.receivers as { webhook_configs?: { url: string }[] }[]) {
      for (const w of r.webhook_configs ?? []) expect(hostPort(w.url)).toEqual({ host: 'alert-sink', port: sinkPort });
    }
  });

  test('Grafana datasources point at the prometheus and alertmanager services', () => {
    const byUid = Object.fromEntries(
      (datasources.datasources as { uid: string; url: string }[]).map((d) => [d.uid, hostPort(d.url)]),
    );
    expect(byUid.prometheus).toEqual({ host: 'prometheus', port: containerPort('prometheus') });
    expect(byUid.alertmanager).toEqual({ host: 'alertmanager', port: containerPort('alertmanager') });
  });
});

describe('Grafana provisioning', () => {
  const grafana = services.grafana!;

  test('uses the current grafana/grafana image (grafana-oss is no longer published)', () => {
    expect(grafana.image).toMatch(/^grafana\/grafana:/);
  });

  test('mounts the provisioning folder where Grafana reads it, with both files parsing as apiVersion 1', () => {
    expect(mountedAt('grafana', '/etc/grafana/provisioning')).toBe('./provisioning');
    expect(datasources.apiVersion).toBe(1);
    expect(dashboardProviders.apiVersion).toBe(1);
  });

  test('the dashboard provider reads the folder the dashboards are mounted at', () => {
    const provider = dashboardProviders.providers[0];
    expect(provider.type).toBe('file');
    expect(mountedAt('grafana', provider.options.path)).toBe('./dashboards');
    const home = grafana.environment!.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH!;
    expect(path.dirname(home)).toBe(provider.options.path);
    expect(fs.existsSync(repoPath('dashboards', path.basename(home)))).toBe(true);
  });

  test('loads the panel unsigned from its build, under its plugin id', () => {
    expect(mountedAt('grafana', `/var/lib/grafana/plugins/${pluginId}`)).toBe('./grafana-plugin/dist');
    expect(grafana.environment!.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS!.split(',')).toContain(pluginId);
  });
});
