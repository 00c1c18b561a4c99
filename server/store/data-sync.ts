// fdatasync on the spot or off the event loop, whichever costs a change less on this disk.
//
// Every change waits for its journal line's fdatasync before any screen sees it. Sent to libuv's
// thread pool, the sync costs a trip there and back (about 0.2–0.3 ms on an idle server, more on a
// busy one) on top of the disk's own time. Where the disk's time is well under a millisecond (an
// SSD, a cloud volume, tmpfs), blocking for it costs the change less than the trip; where it is
// several milliseconds (a slow or busy disk, an SD card), blocking would hold every other market's
// sockets that long, and the thread pool lets them go on. The choice follows what the last syncs
// took (a moving average), so a disk that slows down under load moves its syncs off the loop.
import { fdatasync, fdatasyncSync } from "node:fs";
import { promisify } from "node:util";

/** An average sync above this goes to the thread pool (about four trips there and back). */
export const INLINE_SYNC_BELOW_MS = 1;
/** The weight of the latest sync in the average: a few slow ones are enough to move off the loop. */
const LATEST_WEIGHT = 0.25;

export class DataSync {
  /** The average time of a sync, as this process has seen them (ms); optimistic at first. */
  private averageMs = 0;

  constructor(
    private readonly syncNow: (fd: number) => void = fdatasyncSync,
    private readonly syncOffLoop: (fd: number) => Promise<void> = promisify(fdatasync),
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Whether the next sync blocks the event loop (a fast disk) or goes to the thread pool. */
  get inline(): boolean {
    return this.averageMs < INLINE_SYNC_BELOW_MS;
  }

  async sync(fd: number): Promise<void> {
    const started = this.clock();
    if (this.inline) this.syncNow(fd);
    else await this.syncOffLoop(fd);
    this.averageMs += LATEST_WEIGHT * (this.clock() - started - this.averageMs);
  }
}

/** One per process: the data folder is on one disk. */
export const dataSync = new DataSync();
