import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import React from 'react';
import type { Layout } from '../types';
import { type CellColors, statusColors } from './colors';
import { TIER_LABELS } from '../data/describe';
import { TIERS } from '@dora-guarantee/scoring';
import { tierColor } from './colors';

/** The key to the colours, so that a screenshot of the panel explains itself. */
export function Legend({ layout }: { layout: Layout }) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const entries: [string, CellColors, boolean?][] = [
    ['ok', statusColors(theme, 'ok', { credited: false, atRisk: false })],
    ['low', statusColors(theme, 'low', { credited: false, atRisk: false })],
    ['low, at risk', statusColors(theme, 'low', { credited: false, atRisk: true })],
    ['low, credited', statusColors(theme, 'low', { credited: true, atRisk: false })],
    ['ramp-up', statusColors(theme, 'ramp-up', { credited: false, atRisk: false })],
    ['no data', statusColors(theme, 'no-data', { credited: false, atRisk: false })],
    ['in progress', statusColors(theme, 'in-progress', { credited: false, atRisk: false }), true],
  ];
  return (
    <div className={styles.root}>
      {entries.map(([label, colors, dashed]) => (
        <span key={label} className={styles.entry}>
          <span
            className={styles.swatch}
            style={{
              background: colors.background,
              borderColor: colors.border,
              borderStyle: dashed ? 'dashed' : 'solid',
            }}
          />
          {label}
        </span>
      ))}
      {layout === 'detailed' && (
        <span className={styles.entry}>
          strip: tier of each weighted metric
          {[...TIERS].reverse().map((tier) => (
            <span key={tier} className={styles.entry}>
              <span className={styles.dot} style={{ background: tierColor(theme, tier) }} />
              {TIER_LABELS[tier]}
            </span>
          ))}
          <span className={styles.entry}>
            <span className={styles.dot} style={{ background: theme.colors.text.disabled }} />
            not defined
          </span>
        </span>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5, 1.5),
    marginBottom: theme.spacing(1),
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  entry: css({ display: 'inline-flex', alignItems: 'center', gap: theme.spacing(0.5) }),
  swatch: css({ width: 12, height: 12, border: '2px solid', borderRadius: 2 }),
  dot: css({ width: 8, height: 8, borderRadius: '50%' }),
});
