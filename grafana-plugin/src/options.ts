import { DEFAULT_WEIGHTS, type MetricKey, METRICS, PRESETS, PRESET_IDS } from '@dora-guarantee/scoring';
import type { PanelOptionsEditorBuilder } from '@grafana/data';
import { METRIC_LABELS } from './data/describe';
import { DEFAULT_OPTIONS } from './defaults';
import { PRESET_FROM_DATA, type SprintScoreOptions } from './types';

const CONTRACT = ['Contract (what-if)'];
const DISPLAY = ['Display'];
const LINKS = ['Links'];
const FROM_DATA = 'from data';

export function optionsBuilder(builder: PanelOptionsEditorBuilder<SprintScoreOptions>) {
  builder
    .addSelect({
      path: 'preset',
      name: 'Tier preset',
      description: "Empty: the preset each team's contract publishes (dora_guarantee_info).",
      category: CONTRACT,
      defaultValue: DEFAULT_OPTIONS.preset,
      settings: {
        options: [
          { value: PRESET_FROM_DATA, label: 'From data' },
          ...PRESET_IDS.map((id) => ({ value: id, label: PRESETS[id]!.name, description: PRESETS[id]!.source })),
        ],
      },
    })
    .addNumberInput({
      path: 'lowScoreBelow',
      name: 'Low score below',
      description: 'A sprint scoring strictly below this is low. Empty: from the contract.',
      category: CONTRACT,
      settings: { placeholder: FROM_DATA, min: 0, max: 100 },
    })
    .addNumberInput({
      path: 'rampUpSprints',
      name: 'Ramp-up sprints',
      description: 'The first sprints that are shown but never counted. Empty: from the contract.',
      category: CONTRACT,
      settings: { placeholder: FROM_DATA, min: 0, integer: true },
    })
    .addNumberInput({
      path: 'consecutiveLowForCredit',
      name: 'Consecutive low sprints for a credit',
      description: 'A run of at least this many low sprints grants credits. Empty: from the contract.',
      category: CONTRACT,
      settings: { placeholder: FROM_DATA, min: 1, integer: true },
    })
    .addBooleanSwitch({
      path: 'overrideWeights',
      name: 'Override metric weights',
      description: 'Off: the weights each team’s contract publishes.',
      category: CONTRACT,
      defaultValue: DEFAULT_OPTIONS.overrideWeights,
    });
  for (const metric of METRICS) {
    builder.addNumberInput({
      path: `weights.${metric}`,
      name: `Weight: ${METRIC_LABELS[metric as MetricKey]}`,
      category: CONTRACT,
      defaultValue: DEFAULT_WEIGHTS[metric],
      settings: { min: 0 },
      showIf: (o) => o.overrideWeights,
    });
  }
  builder
    .addNumberInput({
      path: 'sprintsShown',
      name: 'Sprints shown',
      description: 'The latest sprints that get a cell. Credits always count every sprint in the data.',
      category: DISPLAY,
      defaultValue: DEFAULT_OPTIONS.sprintsShown,
      settings: { min: 1, integer: true },
    })
    .addRadio({
      path: 'layout',
      name: 'Layout',
      category: DISPLAY,
      defaultValue: DEFAULT_OPTIONS.layout,
      settings: {
        options: [
          { value: 'compact', label: 'Compact' },
          { value: 'detailed', label: 'Detailed' },
        ],
      },
    })
    .addRadio({
      path: 'sortBy',
      name: 'Sort teams by',
      category: DISPLAY,
      defaultValue: DEFAULT_OPTIONS.sortBy,
      settings: {
        options: [
          { value: 'credits', label: 'Credits', description: 'Most credits owed, then at risk, first' },
          { value: 'score', label: 'Score', description: 'Lowest latest score first' },
          { value: 'name', label: 'Name' },
        ],
      },
    })
    .addTextInput({
      path: 'evidenceBaseUrl',
      name: 'Evidence API base URL',
      description: 'Each sprint links to GET {base}/api/v1/teams/{team}/sprints/{sprint}/evidence. Variables allowed.',
      category: LINKS,
      defaultValue: DEFAULT_OPTIONS.evidenceBaseUrl,
    });
}
