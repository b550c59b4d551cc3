/**
 * Every PromQL expression of a dashboard, with template variables replaced by the values a first visit uses:
 * what the stack tests parse against a real Prometheus and what the end-to-end test asserts returns data.
 */

export interface DashboardQuery {
  dashboard: string;
  panel: string;
  refId: string;
  /** As written in the dashboard. */
  expr: string;
  /** With $team, $window and Grafana's built-in interval variables replaced. */
  query: string;
  instant: boolean;
}

interface PanelLike {
  title?: string;
  panels?: PanelLike[];
  targets?: { refId?: string; expr?: string; instant?: boolean }[];
}

interface DashboardLike {
  uid?: string;
  panels?: PanelLike[];
  templating?: {
    list?: { name: string; type: string; allValue?: string; current?: { value?: unknown }; query?: unknown }[];
  };
}

/** The default value of each variable: All (its allValue) for `team`, the current option for the others. */
export function defaultVariableValues(d: DashboardLike): Record<string, string> {
  const values: Record<string, string> = {
    // Grafana's built-ins, as it would expand them for a 30-day range at 15 s scrapes.
    __rate_interval: '1m',
    __interval: '1h',
    __range: '30d',
  };
  for (const v of d.templating?.list ?? []) {
    const current = v.current?.value;
    if (current === '$__all' && v.allValue !== undefined) values[v.name] = v.allValue;
    else if (typeof current === 'string') values[v.name] = current;
    else throw new Error(`variable ${v.name} of ${d.uid} has no default value`);
  }
  return values;
}

export function substitute(expr: string, values: Record<string, string>): string {
  return expr.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare!;
    const value = values[name];
    if (value === undefined) throw new Error(`unknown variable ${whole} in ${expr}`);
    return value;
  });
}

export function dashboardQueries(d: DashboardLike): DashboardQuery[] {
  const values = defaultVariableValues(d);
  const out: DashboardQuery[] = [];
  for (const v of d.templating?.list ?? []) {
    if (v.type !== 'query') continue;
    const q = typeof v.query === 'string' ? v.query : (v.query as { query: string }).query;
    // label_values(metric, label) is Grafana's, not PromQL; the series it lists are those of `metric`.
    const m = /^label_values\((.+),\s*\w+\)$/.exec(q);
    const expr = m ? m[1]! : q;
    out.push({ dashboard: d.uid!, panel: `variable ${v.name}`, refId: v.name, expr, query: expr, instant: true });
  }
  const walk = (panels: PanelLike[]) => {
    for (const p of panels) {
      for (const t of p.targets ?? []) {
        if (t.expr === undefined) continue;
        out.push({
          dashboard: d.uid!,
          panel: p.title ?? '(untitled)',
          refId: t.refId ?? '?',
          expr: t.expr,
          query: substitute(t.expr, values),
          instant: t.instant === true,
        });
      }
      walk(p.panels ?? []);
    }
  };
  walk(d.panels ?? []);
  return out;
}
