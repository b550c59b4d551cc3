import {
  type DataFrame,
  EventBusSrv,
  LoadingState,
  type PanelData,
  type PanelProps,
  dateTime,
  makeTimeRange,
} from '@grafana/data';
import { DEFAULT_OPTIONS } from '../../src/defaults';
import type { SprintScoreOptions } from '../../src/types';

/** Props as Grafana passes them to a panel, with the range ending at `asOf`. */
export function panelProps(
  series: DataFrame[],
  asOf: number,
  overrides: { options?: Partial<SprintScoreOptions>; data?: Partial<PanelData> } = {},
): PanelProps<SprintScoreOptions> {
  const timeRange = makeTimeRange(dateTime(asOf - 7 * 86_400_000), dateTime(asOf));
  return {
    id: 1,
    title: 'Sprint scores',
    width: 1200,
    height: 600,
    transparent: false,
    renderCounter: 0,
    timeZone: 'utc',
    timeRange,
    data: { state: LoadingState.Done, series, timeRange, ...overrides.data },
    options: { ...DEFAULT_OPTIONS, ...overrides.options },
    fieldConfig: { defaults: {}, overrides: [] },
    eventBus: new EventBusSrv(),
    replaceVariables: (s: string) => s.replace('${exporter}', 'http://exporter:9470'),
    onOptionsChange: () => undefined,
    onFieldConfigChange: () => undefined,
    onChangeTimeRange: () => undefined,
  };
}
