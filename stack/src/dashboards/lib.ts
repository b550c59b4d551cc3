import * as bargauge from '@grafana/grafana-foundation-sdk/bargauge';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as text from '@grafana/grafana-foundation-sdk/text';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

/**
 * The datasource every panel uses, by the fixed uid of provisioning/datasources/prometheus.yml: file provisioning
 * does not resolve `__inputs` / `${DS_PROMETHEUS}` placeholders.
 */
export const DS: common.DataSourceRef = { type: 'prometheus', uid: 'prometheus' };

/** The custom sprint-score panel (grafana-plugin/src/plugin.json). */
export const SPRINT_PANEL_TYPE = 'doraguarantee-sprintscore-panel';

export const TIER_MAPPINGS: dashboard.ValueMapping[] = [
  {
    type: dashboard.MappingType.ValueToText,
    options: {
      '0': { text: 'Low', color: 'red', index: 0 },
      '1': { text: 'Medium', color: 'orange', index: 1 },
      '2': { text: 'High', color: 'green', index: 2 },
      '3': { text: 'Elite', color: 'blue', index: 3 },
    },
  },
];

export function thresholds(steps: [number | null, string][]): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps(steps.map(([value, color]) => ({ value, color })));
}

/** 0–100 score colours: red below the default low threshold (50), as docs/scoring.md §6. */
export const SCORE_THRESHOLDS = thresholds([
  [null, 'red'],
  [50, 'orange'],
  [67, 'green'],
]);

export interface Q {
  expr: string;
  legend?: string;
  /** Latest value only: stats, tables and bar gauges. */
  instant?: boolean;
}

export function targets(queries: Q[]): prometheus.DataqueryBuilder[] {
  return queries.map((q, i) => {
    const b = new prometheus.DataqueryBuilder()
      .datasource(DS)
      .refId(String.fromCharCode(65 + i))
      .expr(q.expr);
    if (q.legend !== undefined) b.legendFormat(q.legend);
    if (q.instant === true) b.instant();
    else b.range();
    return b;
  });
}

type AnyPanel = cog.Builder<dashboard.Panel> & {
  gridPos(g: dashboard.GridPos): unknown;
};

/**
 * Lays panels out left to right in rows of 24 columns, so a dashboard is written as a reading order and no two
 * panels can overlap.
 */
export class Layout {
  private x = 0;
  private y = 0;
  private rowHeight = 0;

  constructor(private readonly d: dashboard.DashboardBuilder) {}

  row(title: string): this {
    this.newLine();
    this.d.withRow(new dashboard.RowBuilder(title).gridPos({ x: 0, y: this.y, w: 24, h: 1 }));
    this.y += 1;
    return this;
  }

  add(panel: AnyPanel, w: number, h: number): this {
    if (this.x + w > 24) this.newLine();
    panel.gridPos({ x: this.x, y: this.y, w, h });
    this.d.withPanel(panel);
    this.x += w;
    this.rowHeight = Math.max(this.rowHeight, h);
    return this;
  }

  private newLine(): void {
    this.y += this.rowHeight;
    this.x = 0;
    this.rowHeight = 0;
  }
}

export function newDashboard(
  uid: string,
  title: string,
  description: string,
  tags: string[],
): dashboard.DashboardBuilder {
  return new dashboard.DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags(['dora-guarantee', ...tags])
    .editable()
    .timezone('browser')
    .refresh('1m')
    .time({ from: 'now-30d', to: 'now' })
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .link(
      new dashboard.DashboardLinkBuilder('DORA guarantee dashboards')
        .type(dashboard.DashboardLinkType.Dashboards)
        .tags(['dora-guarantee'])
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true),
    );
}

/** Squads, from the contract the exporter publishes for each configured team (never `unassigned`). */
export function teamVariable(): dashboard.QueryVariableBuilder {
  return new dashboard.QueryVariableBuilder('team')
    .label('Squad')
    .datasource(DS)
    .query({ query: 'label_values(dora_guarantee_info, team)', refId: 'team' })
    .definition('label_values(dora_guarantee_info, team)')
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.+')
    .current({ text: 'All', value: '$__all', selected: true });
}

/** The exporter's fixed windows (docs/metrics.md): windowed gauges exist for these three only. */
export function windowVariable(): dashboard.CustomVariableBuilder {
  return new dashboard.CustomVariableBuilder('window')
    .label('Window')
    .values('7d,30d,90d')
    .options(['7d', '30d', '90d'].map((w) => ({ text: w, value: w, selected: w === '30d' })))
    .current({ text: '30d', value: '30d', selected: true });
}

export function text_(title: string, markdown: string): text.PanelBuilder {
  return new text.PanelBuilder().title(title).mode(text.TextMode.Markdown).content(markdown.trim());
}

export function stat_(title: string, description: string, queries: Q[], unit: string): stat.PanelBuilder {
  return new stat.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(DS)
    .targets(targets(queries.map((q) => ({ instant: true, ...q }))))
    .unit(unit)
    .graphMode(common.BigValueGraphMode.None)
    .colorMode(common.BigValueColorMode.Background)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
}

export function timeseries_(title: string, description: string, queries: Q[], unit: string): timeseries.PanelBuilder {
  return new timeseries.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(DS)
    .targets(targets(queries))
    .unit(unit)
    .lineWidth(2)
    .fillOpacity(10)
    .showPoints(common.VisibilityMode.Never)
    .legend(
      new common.VizLegendOptionsBuilder()
        .displayMode(common.LegendDisplayMode.Table)
        .placement(common.LegendPlacement.Bottom)
        .showLegend(true)
        .calcs(['lastNotNull']),
    );
}

export function bargauge_(title: string, description: string, queries: Q[], unit: string): bargauge.PanelBuilder {
  return new bargauge.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(DS)
    .targets(targets(queries.map((q) => ({ instant: true, ...q }))))
    .unit(unit)
    .orientation(common.VizOrientation.Horizontal)
    .displayMode(common.BarGaugeDisplayMode.Basic)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
}

/** An instant query per series, one row per series with its labels as columns. */
export function table_(title: string, description: string, queries: Q[]): table.PanelBuilder {
  return new table.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(DS)
    .targets(
      targets(queries.map((q) => ({ instant: true, ...q }))).map((t) => t.format(prometheus.PromQueryFormat.Table)),
    );
}
