/** Minimal clients for the HTTP APIs the end-to-end test reads: Prometheus v1, Alertmanager v2, the webhook sink. */

export interface PromSeries {
  metric: Record<string, string>;
  /** Instant vectors. */
  value?: [number, string];
  /** Range matrices. */
  values?: [number, string][];
}

export interface PromAnswer {
  httpStatus: number;
  status: string;
  error?: string;
  resultType?: string;
  result: PromSeries[];
}

async function promGet(url: string, params: Record<string, string>): Promise<PromAnswer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
  });
  const body = (await res.json()) as {
    status: string;
    error?: string;
    data?: { resultType: string; result: unknown };
  };
  const raw = body.data?.result;
  // A scalar answer (e.g. `time()`) is one [time, value] pair; shaped as one series so callers need one case.
  const result: PromSeries[] =
    body.data?.resultType === 'scalar'
      ? [{ metric: {}, value: raw as [number, string] }]
      : ((raw ?? []) as PromSeries[]);
  return { httpStatus: res.status, status: body.status, error: body.error, resultType: body.data?.resultType, result };
}

export function instantQuery(prom: string, query: string, time?: number): Promise<PromAnswer> {
  return promGet(`${prom}/api/v1/query`, { query, ...(time !== undefined && { time: String(time) }) });
}

export function rangeQuery(prom: string, query: string, start: number, end: number, step: number): Promise<PromAnswer> {
  return promGet(`${prom}/api/v1/query_range`, {
    query,
    start: String(start),
    end: String(end),
    step: String(step),
  });
}

/** Every sample value of an answer, instant or range. */
export function sampleValues(a: PromAnswer): number[] {
  return a.result.flatMap((s) => (s.values ?? (s.value ? [s.value] : [])).map(([, v]) => Number(v)));
}

/** One number for a query that must return exactly one series (throws otherwise: the caller's premise is wrong). */
export async function single(prom: string, query: string): Promise<number> {
  const a = await instantQuery(prom, query);
  if (a.result.length !== 1) throw new Error(`${query}: ${a.result.length} series (${a.error ?? 'no error'})`);
  return Number(a.result[0]!.value![1]);
}

export interface PromAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  value: string;
}

export async function promAlerts(prom: string): Promise<PromAlert[]> {
  const body = (await (await fetch(`${prom}/api/v1/alerts`)).json()) as { data: { alerts: PromAlert[] } };
  return body.data.alerts;
}

export interface AmAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  status: { state: string; inhibitedBy: string[] };
}

export async function amAlerts(am: string): Promise<AmAlert[]> {
  return (await (await fetch(`${am}/api/v2/alerts`)).json()) as AmAlert[];
}

export interface SinkNotification {
  receiver: string;
  status: string;
  path: string;
  alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string> }[];
}

export async function sinkNotifications(sink: string): Promise<SinkNotification[]> {
  return (await (await fetch(`${sink}/notifications`)).json()) as SinkNotification[];
}

/** Polls `probe` until it returns something other than undefined; fails with `what` and the last error. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
