import type { SprintStatus, Tier } from '@dora-guarantee/scoring';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

/** Named visualization colours: Grafana resolves each to a shade tuned for the light or the dark theme. */
const TIER_COLOR: Record<Tier, string> = { elite: 'dark-green', high: 'green', medium: 'yellow', low: 'red' };

export function tierColor(theme: GrafanaTheme2, tier: Tier): string {
  return theme.visualization.getColorByName(TIER_COLOR[tier]);
}

export interface CellColors {
  background: string;
  text: string;
  border: string;
}

/**
 * A sprint's cell colour says what it means for the contract: ok green, low red (credited runs a darker red),
 * a low that puts the team at risk orange; ramp-up and no-data are neutral because they never earn credits.
 */
function computeStatusColors(
  theme: GrafanaTheme2,
  status: SprintStatus,
  flags: { credited: boolean; atRisk: boolean },
): CellColors {
  const named = (name: string) => {
    const background = theme.visualization.getColorByName(name);
    return { background, text: theme.colors.getContrastText(background), border: background };
  };
  switch (status) {
    case 'ok':
      return named('green');
    case 'low':
      return named(flags.credited ? 'dark-red' : flags.atRisk ? 'orange' : 'red');
    case 'ramp-up':
      return {
        background: theme.colors.background.secondary,
        text: theme.colors.text.secondary,
        border: theme.colors.border.medium,
      };
    case 'no-data':
      return {
        background: theme.colors.action.disabledBackground,
        text: theme.colors.text.disabled,
        border: theme.colors.border.weak,
      };
    case 'in-progress':
      return { background: 'transparent', text: theme.colors.text.primary, border: theme.colors.border.strong };
  }
}

const palettes = new WeakMap<GrafanaTheme2, Map<string, CellColors>>();

/** Cached per theme: a panel of 50 teams × 26 sprints asks 1300 times for the same handful of colours. */
export function statusColors(
  theme: GrafanaTheme2,
  status: SprintStatus,
  flags: { credited: boolean; atRisk: boolean },
): CellColors {
  let palette = palettes.get(theme);
  if (!palette) palettes.set(theme, (palette = new Map()));
  const key = `${status}|${flags.credited}|${flags.atRisk}`;
  let colors = palette.get(key);
  if (!colors) palette.set(key, (colors = computeStatusColors(theme, status, flags)));
  return colors;
}

const classes = new WeakMap<GrafanaTheme2, Map<string, string>>();

/**
 * A class name per distinct style, cached per theme: thousands of cells share a handful of colourings, and a class
 * costs the browser far less than the same inline style set on every cell.
 */
export function cachedClass(theme: GrafanaTheme2, key: string, style: () => Parameters<typeof css>[0]): string {
  let cache = classes.get(theme);
  if (!cache) classes.set(theme, (cache = new Map()));
  let name = cache.get(key);
  if (!name) cache.set(key, (name = css(style())));
  return name;
}
