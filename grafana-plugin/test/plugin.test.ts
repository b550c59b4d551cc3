import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import schema from './schema/plugin.schema.json';

const root = join(__dirname, '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const json = (path: string) => JSON.parse(read(path));

const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);
const problems = (data: unknown) =>
  validate(data)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);

describe('plugin.json', () => {
  it('src/plugin.json passes the schema', () => {
    expect(problems(json('src/plugin.json'))).toEqual([]);
  });

  it('the schema rejects what Grafana would refuse', () => {
    const good = json('src/plugin.json');
    expect(problems({ ...good, id: 'sprintscore' }).join()).toMatch(/\/id must match pattern/);
    expect(problems({ ...good, info: { ...good.info, keywords: [] } }).join()).toMatch(/keywords/);
    expect(problems({ ...good, dependencies: {} }).join()).toMatch(/grafanaDependency/);
  });

  it('names a logo and screenshots that exist in src/', () => {
    const { info } = json('src/plugin.json');
    const paths = [info.logos.small, info.logos.large, ...info.screenshots.map((s: { path: string }) => s.path)];
    expect(paths.filter((p: string) => !existsSync(join(root, 'src', p)))).toEqual([]);
  });
});

describe('dist/ after `npm run build`', () => {
  const dist = (path: string) => join(root, 'dist', path);
  if (!existsSync(dist('module.js'))) {
    it('exists', () => {
      throw new Error('dist/module.js is missing: run `npm run build -w grafana-plugin` first (npm test does).');
    });
    return;
  }

  it('holds everything Grafana loads and the catalog shows', () => {
    const { info } = json('dist/plugin.json');
    const expected = ['module.js', 'plugin.json', 'README.md', 'LICENSE', 'CHANGELOG.md', info.logos.small];
    for (const s of info.screenshots) expected.push(s.path);
    expect(expected.filter((p) => !existsSync(dist(p)))).toEqual([]);
  });

  it('ships a plugin.json with the placeholders filled in, still valid', () => {
    const built = json('dist/plugin.json');
    expect(built.info.version).toBe(json('package.json').version);
    expect(built.info.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(problems(built)).toEqual([]);
  });

  it('is an AMD module that leaves React and the Grafana libraries to Grafana', () => {
    const head = read('dist/module.js').slice(0, 2000);
    const deps = /define\((\[[^\]]*\])/.exec(head)?.[1];
    expect(deps && JSON.parse(deps)).toEqual(expect.arrayContaining(['react', '@grafana/data', '@grafana/ui']));
  });

  it('ships no test fixtures', () => {
    expect(existsSync(dist('test'))).toBe(false);
    expect(read('dist/module.js')).not.toContain('golden-vectors');
  });

  it('ships the catalog README, not the template', () => {
    expect(read('dist/README.md')).not.toMatch(/Grafana panel plugin template/);
  });
});
