import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import React from 'react';
import type { ContractParameters } from '@dora-guarantee/scoring';
import { TIER_LABELS, describeSprint, formatDuration } from '../data/describe';
import type { SprintView } from '../data/model';
import { tierColor } from './colors';
import { statusText } from './statusText';

export function SprintTooltip({ sprint, contract }: { sprint: SprintView; contract: ContractParameters }) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const m = sprint.measurements;
  return (
    <div className={styles.root}>
      <div className={styles.title}>
        Sprint {sprint.name} · #{sprint.index}
      </div>
      <div>{statusText(sprint)}</div>
      <table className={styles.table}>
        <thead>
          <tr>
            <th>Metric</th>
            <th>Value</th>
            <th>Tier</th>
            <th>Judged against</th>
            <th>Weight</th>
          </tr>
        </thead>
        <tbody>
          {describeSprint(sprint, contract).map((d) => (
            <tr key={d.metric}>
              <td>{d.label}</td>
              <td>{d.text}</td>
              <td>
                {d.tier ? (
                  <span className={styles.tier} style={{ borderColor: tierColor(theme, d.tier) }}>
                    {TIER_LABELS[d.tier]}
                  </span>
                ) : (
                  '—'
                )}
              </td>
              <td>{d.boundary ?? '—'}</td>
              <td>{d.weight}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className={styles.counts}>
        {m.deployments} deployments · {m.changes} changes
        {m.leadTimeP90Seconds !== null ? ` (lead time p90 ${formatDuration(m.leadTimeP90Seconds)})` : ''} ·{' '}
        {m.failedDeployments} failed ({m.openFailures} open) · {m.unplannedDeployments} unplanned · {m.events} events
      </div>
      <div className={styles.hint}>Click the cell for the evidence.</div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5), maxWidth: 560 }),
  title: css({ fontWeight: theme.typography.fontWeightMedium }),
  table: css({
    borderCollapse: 'collapse',
    'th, td': { padding: theme.spacing(0.25, 1, 0.25, 0), textAlign: 'left', whiteSpace: 'nowrap' },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightRegular },
  }),
  tier: css({ borderLeft: '4px solid', paddingLeft: theme.spacing(0.5) }),
  counts: css({ color: theme.colors.text.secondary }),
  hint: css({ color: theme.colors.text.secondary, fontStyle: 'italic' }),
});
