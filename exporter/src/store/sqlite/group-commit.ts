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
    private readonly maxBatch = 256,
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
