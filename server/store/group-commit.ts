// Group commit: every change that asks for durability while a write is being prepared or is in
// flight shares the next single write. A burst of 500 posts costs a handful of file writes, and
// each caller still resolves only once its change is on disk.
type Waiter = { resolve: () => void; reject: (error: unknown) => void };

export class GroupCommit {
  private waiting: Waiter[] = [];
  private writing = false;

  constructor(private readonly write: () => Promise<void>) {}

  request(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (!this.writing) this.startSoon();
    });
  }

  /** Resolves once nothing is waiting or being written. */
  async drain(): Promise<void> {
    while (this.writing || this.waiting.length) await this.request();
  }

  private startSoon(): void {
    this.writing = true;
    // setImmediate lets every change made in this turn of the event loop join the batch.
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    try {
      await this.write();
      for (const waiter of batch) waiter.resolve();
    } catch (error) {
      for (const waiter of batch) waiter.reject(error);
    }
    if (this.waiting.length) this.startSoon();
    else this.writing = false;
  }
}
