import autocannon from 'autocannon';
import type { Next } from './streams';

export interface LoadResult {
  label: string;
  /** 2xx answers per second over the run. */
  throughput: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  ok: number;
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
  durationSeconds: number;
}

/**
 * autocannon against one endpoint, every request built by `next` (fresh delivery id and signature each time, in
 * `setupRequest`). Latencies in milliseconds.
 */
export async function load(options: {
  label: string;
  url: string;
  path: string;
  next: () => Next;
  connections: number;
  durationSeconds: number;
  /** Requests per second over all connections (an open model); unlimited when absent. */
  overallRate?: number;
}): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    ...(options.overallRate !== undefined && { overallRate: options.overallRate }),
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: options.path,
        setupRequest: (request) => {
          const { headers, body } = options.next();
          return { ...request, headers: { ...request.headers, ...headers }, body };
        },
      },
    ],
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  return {
    label: options.label,
    throughput: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes,
    durationSeconds: result.duration,
  };
}
