/**
 * The most appends one transaction carries. `DORA_STORE_MAX_BATCH=1` gives every request its own transaction and
 * fsync, as without group commit: it exists so the ingestion benchmark (bench/ingest.ts) can measure both through
 * the real `serve` process; there is no reason to set it in production.
 */
export function maxBatchFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.DORA_STORE_MAX_BATCH);
  return Number.isInteger(n) && n >= 1 ? n : 256;
}

/**
 * Group commit: requests that arrive while the event loop is busy share one durable transaction, so the cost of
 * an fsync is paid once per batch instead of once per request. Every submitter still waits for the commit that
 * contains its item, and all of them fail together if that commit fails (nothing of it was written).
 */
export class GroupCommitter<Item, Result> {
  private queue: { item: Item; resolve: (r: Result) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly commit: (items: Item[]) => Result[],
    private readonly maxBatch = maxBatchFromEnv(),
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.maxBatch);
      let results: Result[];
      try {
        results = this.commit(batch.map((b) => b.item));
      } catch (e) {
        for (const b of batch) b.reject(e);
        continue;
      }
      batch.forEach((b, i) => b.resolve(results[i] as Result));
    }
  }
}
