import { METRICS } from '@dora-guarantee/scoring';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Tooltip, useStyles2, useTheme2 } from '@grafana/ui';
import React from 'react';
import { TEST_IDS } from '../constants';
import type { SprintView } from '../data/model';
import type { Layout } from '../types';
import { statusColors, tierColor } from './colors';
import { SprintTooltip } from './SprintTooltip';
import { formatScore, statusText } from './statusText';

export function SprintCell({ sprint, layout }: { sprint: SprintView; layout: Layout }) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const colors = statusColors(theme, sprint.status, sprint);
  return (
    <Tooltip content={<SprintTooltip sprint={sprint} />} placement="bottom" interactive>
      <a
        href={sprint.evidenceUrl}
        target="_blank"
        rel="noreferrer"
        aria-label={statusText(sprint)}
        data-testid={TEST_IDS.cell}
        data-sprint={sprint.name}
        data-status={sprint.status}
        data-credited={sprint.credited}
        data-at-risk={sprint.atRisk}
        className={cx(styles.cell, layout === 'compact' && styles.compact, {
          [styles.inProgress]: sprint.status === 'in-progress',
          [styles.credited]: sprint.credited,
        })}
        style={{ background: colors.background, color: colors.text, borderColor: colors.border }}
      >
        <span className={styles.score}>{formatScore(sprint.score)}</span>
        {layout === 'detailed' && (
          <>
            <span className={styles.date}>{sprint.name.slice(5)}</span>
            <span className={styles.tiers}>
              {METRICS.filter((m) => sprint.details.find((d) => d.metric === m)!.weight > 0).map((m) => {
                const tier = sprint.tiers[m];
                return (
                  <span
                    key={m}
                    className={styles.dot}
                    title={tier ?? 'not defined'}
                    style={
                      tier ? { background: tierColor(theme, tier), borderColor: tierColor(theme, tier) } : undefined
                    }
                  />
                );
              })}
            </span>
          </>
        )}
        {layout === 'detailed' && sprint.credited && <span className={styles.mark}>credit</span>}
        {layout === 'detailed' && sprint.atRisk && <span className={styles.mark}>at risk</span>}
      </a>
    </Tooltip>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  cell: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    width: 56,
    minHeight: 60,
    border: '2px solid',
    borderRadius: theme.shape.radius.default,
    textDecoration: 'none',
    lineHeight: 1.1,
    '&:hover, &:focus-visible': { outline: `2px solid ${theme.colors.primary.border}`, textDecoration: 'none' },
  }),
  compact: css({ width: 32, minHeight: 28 }),
  inProgress: css({ borderStyle: 'dashed' }),
  credited: css({ boxShadow: `inset 0 -5px 0 ${theme.colors.text.primary}` }),
  score: css({ fontWeight: theme.typography.fontWeightBold, fontSize: theme.typography.body.fontSize }),
  date: css({ fontSize: theme.typography.bodySmall.fontSize, opacity: 0.85 }),
  // Tier dots sit on a neutral strip so a red dot stays visible on a red cell.
  tiers: css({
    display: 'flex',
    gap: 2,
    marginTop: 2,
    padding: '1px 3px',
    borderRadius: 6,
    background: theme.colors.background.primary,
  }),
  dot: css({ width: 7, height: 7, borderRadius: '50%', border: `1px solid ${theme.colors.border.medium}` }),
  mark: css({ fontSize: 9, textTransform: 'uppercase', letterSpacing: 0.5 }),
});
