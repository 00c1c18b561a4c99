/**
 * Keeps the k best items seen, in the order `compare` gives (negative: a sorts first), as a
 * bounded heap whose root is the worst kept item: k log k work instead of sorting everything.
 */
export class TopK<T> {
  private readonly heap: T[] = [];

  constructor(
    private readonly k: number,
    private readonly compare: (a: T, b: T) => number,
  ) {}

  get size(): number {
    return this.heap.length;
  }

  offer(item: T): void {
    if (this.k <= 0) return;
    const heap = this.heap;
    if (heap.length < this.k) {
      heap.push(item);
      this.up(heap.length - 1);
    } else if (this.compare(item, heap[0] as T) < 0) {
      heap[0] = item;
      this.down(0);
    }
  }

  /** The kept items, best first. */
  sorted(): T[] {
    return [...this.heap].sort(this.compare);
  }

  // "Worse" means it sorts later: the worst item rises to the root.
  private worse(a: number, b: number): boolean {
    return this.compare(this.heap[a] as T, this.heap[b] as T) > 0;
  }

  private swap(a: number, b: number): void {
    const heap = this.heap;
    const tmp = heap[a] as T;
    heap[a] = heap[b] as T;
    heap[b] = tmp;
  }

  private up(index: number): void {
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(index: number): void {
    const n = this.heap.length;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < n && this.worse(left, worst)) worst = left;
      if (right < n && this.worse(right, worst)) worst = right;
      if (worst === i) break;
      this.swap(i, worst);
      i = worst;
    }
  }
}
