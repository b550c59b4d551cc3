import type { PanelOptionsEditorBuilder } from '@grafana/data';
import { DEFAULT_OPTIONS } from './defaults';
import { plugin } from './module';
import { optionsBuilder } from './options';
import type { SprintScoreOptions } from './types';

interface Item {
  path: string;
  category?: string[];
  defaultValue?: unknown;
  showIf?: (options: SprintScoreOptions) => boolean;
}

/** Records every `add*` call: the real builder needs Grafana's editor registry, which only the app sets up. */
function items(): Item[] {
  const recorded: Item[] = [];
  const builder: object = new Proxy(
    {},
    {
      get: () => (item: Item) => {
        recorded.push(item);
        return builder;
      },
    },
  );
  optionsBuilder(builder as PanelOptionsEditorBuilder<SprintScoreOptions>);
  return recorded;
}

describe('panel options', () => {
  it('groups the contract what-ifs apart from display and links', () => {
    const categories = Object.fromEntries(items().map((i) => [i.path, i.category?.[0]]));
    for (const path of ['preset', 'lowScoreBelow', 'rampUpSprints', 'consecutiveLowForCredit', 'overrideWeights']) {
      expect([path, categories[path]]).toEqual([path, 'Contract (what-if)']);
    }
    expect(categories.sortBy).toBe('Display');
    expect(categories.evidenceBaseUrl).toBe('Links');
  });

  it('defaults every contract parameter to the data', () => {
    const defaults = Object.fromEntries(items().map((i) => [i.path, i.defaultValue]));
    expect(defaults.lowScoreBelow).toBeUndefined();
    expect(defaults.rampUpSprints).toBeUndefined();
    expect(defaults.consecutiveLowForCredit).toBeUndefined();
    expect(defaults.preset).toBe('');
    expect(defaults.overrideWeights).toBe(false);
  });

  it('shows the weights only when they are overridden', () => {
    const weight = items().find((i) => i.path === 'weights.leadTime')!;
    expect(weight.showIf!({ ...DEFAULT_OPTIONS, overrideWeights: false })).toBe(false);
    expect(weight.showIf!({ ...DEFAULT_OPTIONS, overrideWeights: true })).toBe(true);
  });

  it('registers the migration handler', () => {
    expect(plugin.onPanelMigration).toBeDefined();
  });
});
