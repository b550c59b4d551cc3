import { METRICS, type MetricWeights } from '@dora-guarantee/scoring';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import React from 'react';
import { TEST_IDS } from '../constants';
import type { SprintView } from '../data/model';
import type { Layout } from '../types';
import { cachedClass, statusColors, tierColor } from './colors';
import { formatScore, statusText } from './statusText';

/**
 * One sprint. Its tooltip is not here: the panel shows a single shared one for the cell under the pointer, because
 * a tooltip component per cell cost most of the render time of a large panel.
 */
interface Props {
  team: string;
  sprint: SprintView;
  layout: Layout;
  /** The weights the sprint was judged with: a dot per weighted metric. */
  weights: MetricWeights;
}

export function SprintCell({ team, sprint, layout, weights }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const colors = statusColors(theme, sprint.status, sprint);
  const colorClass = cachedClass(theme, `${sprint.status}|${sprint.credited}|${sprint.atRisk}`, () => ({
    background: colors.background,
    color: colors.text,
    borderColor: colors.border,
  }));
  const detailed = layout === 'detailed';
  return (
    <a
      href={sprint.evidenceUrl}
      target="_blank"
      rel="noreferrer"
      aria-label={statusText(sprint)}
      data-testid={TEST_IDS.cell}
      data-team={team}
      data-sprint={sprint.name}
      data-status={sprint.status}
      data-credited={sprint.credited}
      data-at-risk={sprint.atRisk}
      className={classNames(
        styles.cell,
        colorClass,
        !detailed && styles.compact,
        sprint.status === 'in-progress' && styles.inProgress,
        sprint.credited && styles.credited,
      )}
    >
      <span className={styles.score}>{formatScore(sprint.score)}</span>
      {detailed && (
        <>
          <span className={styles.date}>{sprint.name.slice(5)}</span>
          <span className={classNames(styles.tiers, tierStripClass(theme, sprint, weights))} />
          {sprint.credited && <span className={styles.mark}>credit</span>}
          {sprint.atRisk && <span className={styles.mark}>at risk</span>}
        </>
      )}
    </a>
  );
}

/**
 * Joins class names without emotion's `cx`, which re-serialises and hashes the styles on every call: measurable
 * over thousands of cells. Later classes win because every class here is inserted after the cell's base styles.
 */
function classNames(...names: Array<string | false>): string {
  return names.filter(Boolean).join(' ');
}

/**
 * One segment per weighted metric, coloured by its tier (neutral where the metric is not defined): drawn as a single
 * gradient rather than an element per metric, because a large panel has thousands of cells.
 */
function tierStripClass(theme: GrafanaTheme2, sprint: SprintView, weights: MetricWeights): string {
  const metrics = METRICS.filter((m) => weights[m] > 0);
  const tiers = metrics.map((m) => sprint.tiers[m]);
  return cachedClass(theme, `strip|${tiers.join(',')}`, () => {
    const step = 100 / metrics.length;
    const gap = theme.colors.background.primary;
    const stops = tiers.map((tier, i) => {
      const color = tier ? tierColor(theme, tier) : theme.colors.text.disabled;
      const from = `calc(${i * step}% + ${i === 0 ? 0 : 1}px)`;
      return `${gap} ${i * step}% ${from}, ${color} ${from} ${(i + 1) * step}%`;
    });
    return { background: `linear-gradient(to right, ${stops.join(', ')})` };
  });
}

const getStyles = (theme: GrafanaTheme2) => ({
  cell: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    flex: '0 0 auto',
    width: 56,
    minHeight: 64,
    border: '2px solid',
    borderRadius: theme.shape.radius.default,
    textDecoration: 'none',
    lineHeight: 1.1,
    '&:hover, &:focus-visible': { outline: `2px solid ${theme.colors.primary.border}`, textDecoration: 'none' },
  }),
  // `&&` doubles the specificity: these modifiers must beat the base rule whatever order emotion inserted them in.
  compact: css({ '&&': { width: 32, minHeight: 28 } }),
  inProgress: css({ '&&': { borderStyle: 'dashed' } }),
  credited: css({ '&&': { boxShadow: `inset 0 -5px 0 ${theme.colors.text.primary}`, paddingBottom: 5 } }),
  score: css({ fontWeight: theme.typography.fontWeightBold, fontSize: theme.typography.body.fontSize }),
  date: css({ fontSize: theme.typography.bodySmall.fontSize, opacity: 0.85 }),
  // The tier strip has a border in the panel's background colour so a red segment stays visible on a red cell.
  tiers: css({
    width: 40,
    height: 7,
    margin: '3px 0',
    borderRadius: 2,
    outline: `2px solid ${theme.colors.background.primary}`,
  }),
  mark: css({ fontSize: 9, textTransform: 'uppercase', letterSpacing: 0.5 }),
});
