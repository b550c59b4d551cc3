import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { toDataFrame } from '@grafana/data';
import { computePanelModel } from '../src/data/model';
import { DEFAULT_OPTIONS } from '../src/defaults';
import { devDashboard, fixtures, serialize } from './fixtures/generate';
import { SCENARIO_AS_OF, SCENARIO_TEAMS, vectorNamed } from './support/scenario';

describe('recorded browser fixtures', () => {
  it.each(Object.entries(fixtures()))('%s is what the generator writes today', (file, content) => {
    const path = join(__dirname, 'fixtures', file);
    if (process.env.UPDATE_FIXTURES) writeFileSync(path, serialize(content));
    // Compared as data: prettier owns the committed file's layout.
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(JSON.parse(serialize(content)));
  });
});

describe('provisioned dev dashboard', () => {
  it('carries the recorded scenario', () => {
    const path = join(__dirname, '..', 'provisioning', 'dashboards', 'dashboard.json');
    if (process.env.UPDATE_FIXTURES) writeFileSync(path, serialize(devDashboard()));
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(JSON.parse(serialize(devDashboard())));
  });
});

describe('the dev dashboard read back as Grafana reads TestData tables', () => {
  it('gives every team its golden vector credits', () => {
    const target = devDashboard().panels[0]!.targets[0] as unknown as { rawFrameContent: string };
    const frames = JSON.parse(target.rawFrameContent).map(toDataFrame);
    const model = computePanelModel(frames, DEFAULT_OPTIONS, SCENARIO_AS_OF);
    if (model.kind !== 'teams') throw new Error(model.kind);
    const credits = Object.fromEntries(model.teams.map((t) => [t.team, t.credits]));
    const expected = Object.fromEntries(
      Object.entries(SCENARIO_TEAMS).map(([team, vector]) => [team, vectorNamed(vector).expected.credits]),
    );
    expect(credits).toEqual(expected);
  });
});
