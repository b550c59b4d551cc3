import { css } from '@emotion/css';
import { useStyles2 } from '@grafana/ui';
import React, { useState } from 'react';
import { TEST_IDS } from '../constants';
import type { TeamView } from '../data/model';
import type { Layout } from '../types';
import { ROW_HEIGHT, TeamRow } from './TeamRow';
import { visibleRange } from './visibleRange';

interface Props {
  teams: TeamView[];
  layout: Layout;
  sprintsShown: number;
  /** An upper bound of the list's visible height: the panel's height. */
  viewportHeight: number;
  onPoint: (event: React.SyntheticEvent) => void;
  onLeave: () => void;
}

/** The team rows, only those in view (and a few around) rendered; spacers keep the scroll height of all of them. */
export function TeamList({ teams, layout, sprintsShown, viewportHeight, onPoint, onLeave }: Props) {
  const styles = useStyles2(getStyles);
  const [scrollTop, setScrollTop] = useState(0);
  const rowHeight = ROW_HEIGHT[layout];
  const { first, end } = visibleRange(teams.length, rowHeight, scrollTop, viewportHeight);
  return (
    <div
      className={styles.scroller}
      data-testid={TEST_IDS.table}
      data-teams={teams.length}
      onScroll={(e) => {
        setScrollTop(e.currentTarget.scrollTop);
        onLeave();
      }}
      onMouseOver={onPoint}
      onFocus={onPoint}
      onMouseLeave={onLeave}
      onBlur={onLeave}
    >
      <div style={{ height: first * rowHeight }} />
      {teams.slice(first, end).map((team) => (
        <TeamRow key={team.team} team={team} layout={layout} sprintsShown={sprintsShown} />
      ))}
      <div style={{ height: (teams.length - end) * rowHeight }} />
    </div>
  );
}

const getStyles = () => ({
  scroller: css({ flex: 1, minHeight: 0, overflowY: 'auto', overflowX: 'auto' }),
});
