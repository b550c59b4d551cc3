import fs from 'node:fs';
import path from 'node:path';
import { allDashboards, serialize } from './index';
import { dashboardQueries } from './queries';

/**
 * Writes dashboards/*.json (provisioned by Grafana) and stack/generated/dashboard-queries.json (every PromQL
 * expression, for the tests). `npm run dashboards -w stack`; the stack tests fail while the committed files differ.
 */
const root = path.resolve(__dirname, '..', '..', '..');
const dashboards = allDashboards();
for (const [file, d] of Object.entries(dashboards)) {
  fs.writeFileSync(path.join(root, 'dashboards', file), serialize(d));
}
const queries = Object.values(dashboards).flatMap((d) => dashboardQueries(d as never));
fs.mkdirSync(path.join(root, 'stack', 'generated'), { recursive: true });
fs.writeFileSync(path.join(root, 'stack', 'generated', 'dashboard-queries.json'), serialize(queries));
console.log(`wrote ${Object.keys(dashboards).length} dashboards and ${queries.length} queries`);
