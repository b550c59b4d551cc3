import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import React from 'react';
import { TEST_IDS } from '../constants';
import type { TeamView } from '../data/model';
import type { Layout } from '../types';
import { SprintCell } from './SprintCell';

/** Fixed, so that only the rows in view need rendering (TeamList): long notes are cut, their full text a title. */
export const ROW_HEIGHT: Record<Layout, number> = { detailed: 92, compact: 64 };

interface Props {
  team: TeamView;
  layout: Layout;
  sprintsShown: number;
}

/** Memoised: hovering a cell re-renders the panel's tooltip, not every row. */
export const TeamRow = React.memo(function TeamRow({ team, layout, sprintsShown }: Props) {
  const styles = useStyles2(getStyles);
  const shown = team.sprints.slice(-sprintsShown);
  return (
    <div
      className={styles.row}
      style={{ height: ROW_HEIGHT[layout] }}
      data-testid={TEST_IDS.teamRow}
      data-team={team.team}
    >
      <div className={styles.summary}>
        <div className={styles.line} title={team.team}>
          <strong>{team.team}</strong>
        </div>
        <div>
          <span className={styles.credits} data-testid={TEST_IDS.credits}>
            {team.credits}
          </span>{' '}
          {team.credits === 1 ? 'credit' : 'credits'}
          {team.whatIf.length > 0 && <span className={styles.whatIf}> what-if</span>}
        </div>
        {team.atRisk && (
          <div className={styles.atRisk} data-testid={TEST_IDS.atRisk}>
            At risk: +{team.creditsIfNextLow} if next is low
          </div>
        )}
        {team.notes.length > 0 && (
          <div className={styles.notes} data-testid={TEST_IDS.teamNotes} title={team.notes.join(' ')}>
            {team.notes.join(' ')}
          </div>
        )}
      </div>
      <div className={styles.cells}>
        {shown.length === 0 && <span className={styles.notes}>No complete sprint in the data.</span>}
        {shown.map((s) => (
          <SprintCell key={s.name} team={team.team} sprint={s} layout={layout} weights={team.effective.weights} />
        ))}
      </div>
    </div>
  );
});

const getStyles = (theme: GrafanaTheme2) => ({
  row: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    boxSizing: 'border-box',
    overflow: 'hidden',
    borderBottom: `1px solid ${theme.colors.border.weak}`,
  }),
  summary: css({ flex: '0 0 220px', minWidth: 0 }),
  line: css({ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }),
  credits: css({ fontSize: theme.typography.h4.fontSize, fontWeight: theme.typography.fontWeightBold }),
  whatIf: css({ color: theme.colors.warning.text, fontSize: theme.typography.bodySmall.fontSize }),
  atRisk: css({
    color: theme.colors.warning.text,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  notes: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  cells: css({ display: 'flex', gap: theme.spacing(0.5), flexWrap: 'nowrap', justifyContent: 'flex-end', flex: 1 }),
});
