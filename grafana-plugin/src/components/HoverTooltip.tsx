import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Portal, useStyles2 } from '@grafana/ui';
import React from 'react';
import type { ContractParameters } from '@dora-guarantee/scoring';
import type { SprintView } from '../data/model';
import { SprintTooltip } from './SprintTooltip';

export interface Hover {
  team: string;
  sprint: string;
  /** The hovered cell's box, in viewport coordinates. */
  rect: { top: number; bottom: number; left: number };
}

const WIDTH = 580;
const HEIGHT_ESTIMATE = 280;

/** The one tooltip of the panel, for the cell under the pointer or with the focus; in a portal so no panel clips it. */
interface Props {
  sprint: SprintView;
  contract: ContractParameters;
  rect: Hover['rect'];
}

export function HoverTooltip({ sprint, contract, rect }: Props) {
  const styles = useStyles2(getStyles);
  const below = rect.bottom + 8 + HEIGHT_ESTIMATE <= window.innerHeight;
  const left = Math.max(8, Math.min(rect.left, window.innerWidth - WIDTH - 8));
  const style = below ? { top: rect.bottom + 8, left } : { top: rect.top - 8, left, transform: 'translateY(-100%)' };
  return (
    <Portal>
      <div role="tooltip" className={styles.tooltip} style={style}>
        <SprintTooltip sprint={sprint} contract={contract} />
      </div>
    </Portal>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  tooltip: css({
    position: 'fixed',
    zIndex: theme.zIndex.tooltip,
    maxWidth: WIDTH,
    padding: theme.spacing(1),
    pointerEvents: 'none',
    background: theme.components.tooltip.background,
    color: theme.components.tooltip.text,
    borderRadius: theme.shape.radius.default,
    boxShadow: theme.shadows.z3,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});
