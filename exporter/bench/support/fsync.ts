import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { quantile } from './report';

/**
 * What one durable write costs on this file system: append 4 KiB and fdatasync, `count` times (milliseconds). A
 * commit in WAL mode with synchronous=FULL waits for at least one such sync.
 */
export function fsyncLatency(parent: string, count = 200): { p50: number; p99: number } {
  const dir = mkdtempSync(join(parent, 'dora-fsync-'));
  const fd = openSync(join(dir, 'probe'), 'w');
  const block = Buffer.alloc(4096, 0x61);
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      writeSync(fd, block);
      fdatasyncSync(fd);
      times.push(performance.now() - started);
    }
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
}
