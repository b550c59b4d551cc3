import { css } from '@emotion/css';
import { type GrafanaTheme2, LoadingState, type PanelProps } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import React, { useCallback, useMemo, useState } from 'react';
import { TEST_IDS } from '../constants';
import { type SprintView, type TeamView, computePanelModel } from '../data/model';
import type { SprintScoreOptions } from '../types';
import { type Hover, HoverTooltip } from './HoverTooltip';
import { Legend } from './Legend';
import { Message } from './Message';
import { TeamList } from './TeamList';

export const RECOMMENDED_QUERY = '{__name__=~"dora_sprint_.+|dora_guarantee_.+"}';

type Props = PanelProps<SprintScoreOptions>;

const key = (team: string, sprint: string) => `${team}\u0000${sprint}`;

/** "Now" for the in-progress check: the end of the queried range, never later than the real now. */
function asOfOf(props: Props): number {
  const to = (props.data.timeRange ?? props.timeRange).to.valueOf();
  return Math.min(to, Date.now());
}

export function SprintScorePanel(props: Props) {
  const { data, options, width, height, replaceVariables } = props;
  const styles = useStyles2(getStyles);
  const asOf = asOfOf(props);
  const evidenceBaseUrl = replaceVariables(options.evidenceBaseUrl);
  const model = useMemo(
    () => computePanelModel(data.series, { ...options, evidenceBaseUrl }, asOf),
    [data.series, options, evidenceBaseUrl, asOf],
  );
  const sprintsByKey = useMemo(() => {
    const map = new Map<string, { sprint: SprintView; team: TeamView }>();
    if (model.kind === 'teams') {
      for (const team of model.teams)
        for (const sprint of team.sprints) map.set(key(team.team, sprint.name), { sprint, team });
    }
    return map;
  }, [model]);
  const [hover, setHover] = useState<Hover | null>(null);
  const onPoint = useCallback((event: React.SyntheticEvent) => {
    const cell = (event.target as HTMLElement).closest?.<HTMLElement>(`[data-testid="${TEST_IDS.cell}"]`);
    if (!cell) return setHover(null);
    const { team = '', sprint = '' } = cell.dataset;
    setHover((h) =>
      h?.team === team && h.sprint === sprint ? h : { team, sprint, rect: cell.getBoundingClientRect() },
    );
  }, []);
  const onLeave = useCallback(() => setHover(null), []);

  const errors = data.errors ?? (data.error ? [data.error] : []);
  if (data.state === LoadingState.Error || errors.length > 0) {
    return (
      <Message testId={TEST_IDS.error} title="The query failed" severity="error">
        {errors.map((e) => e.message ?? e.data?.message ?? 'unknown error').join(' · ')}
      </Message>
    );
  }
  if (data.state === LoadingState.Loading && data.series.length === 0) {
    return <Message testId={TEST_IDS.loading} title="Loading…" />;
  }
  if (model.kind === 'no-data') {
    return (
      <Message testId={TEST_IDS.noData} title="No data">
        The query returned no series for the selected time range. Is the exporter scraped, and does the range reach its
        latest scrape?
      </Message>
    );
  }
  if (model.kind === 'missing-series') {
    return (
      <Message testId={TEST_IDS.missingSeries} title="Missing series">
        {model.missing.length > 0
          ? `The query did not return ${model.missing.join(', ')}. `
          : 'No dora_sprint_* series carries a team and sprint label. '}
        Query {RECOMMENDED_QUERY} (instant, table or time series format).
        {model.found.length > 0 && ` Found: ${model.found.join(', ')}.`}
      </Message>
    );
  }

  const whatIf = [...new Set(model.teams.flatMap((t) => t.whatIf))];
  const hovered = hover && sprintsByKey.get(key(hover.team, hover.sprint));
  return (
    <div className={styles.root} style={{ width, height }} data-testid={TEST_IDS.panel}>
      {whatIf.length > 0 && (
        <div className={styles.whatIf} data-testid={TEST_IDS.whatIf}>
          What-if, not the contract: {whatIf.join('; ')}.
        </div>
      )}
      <Legend layout={options.layout} />
      <TeamList
        teams={model.teams}
        layout={options.layout}
        sprintsShown={options.sprintsShown}
        viewportHeight={height}
        onPoint={onPoint}
        onLeave={onLeave}
      />
      {hovered && hover && <HoverTooltip sprint={hovered.sprint} contract={hovered.team.effective} rect={hover.rect} />}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({
    display: 'flex',
    flexDirection: 'column',
    overflow: 'hidden',
    fontSize: theme.typography.body.fontSize,
  }),
  whatIf: css({
    padding: theme.spacing(0.5, 1),
    marginBottom: theme.spacing(1),
    borderLeft: `4px solid ${theme.colors.warning.main}`,
    background: theme.colors.warning.transparent,
    color: theme.colors.text.primary,
  }),
});
