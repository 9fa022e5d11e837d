/** @internal Something with a deadline, linkable into a {@link DeadlineTimers} list. */
export interface Timed {
  readonly deadline: number;
  /** Called once when the deadline passes and the entry is still armed. */
  expire(): void;
  prev: Timed | undefined;
  next: Timed | undefined;
  list: TimerList | undefined;
}

/** @internal Entries sharing one timeout: added in deadline order, so the head expires first. */
interface TimerList {
  head: Timed | undefined;
  tail: Timed | undefined;
  timer: NodeJS.Timeout | undefined;
  readonly timeoutMs: number;
}

/**
 * @internal Deadline timers for many calls with one Node timer per distinct timeout. Calls
 * with the same timeout reach their deadlines in the order they started, so each timeout
 * keeps a linked list (O(1) add and remove) and a single timer for its head. That saves a
 * Timeout object and a setTimeout/clearTimeout pair per call, which at 10,000 calls in
 * flight is a large part of the client's memory.
 */
export class DeadlineTimers {
  readonly #lists = new Map<number, TimerList>();

  get size(): number {
    let n = 0;
    for (const list of this.#lists.values()) for (let e = list.head; e; e = e.next) n++;
    return n;
  }

  add(entry: Timed, timeoutMs: number): void {
    let list = this.#lists.get(timeoutMs);
    if (!list) this.#lists.set(timeoutMs, (list = { head: undefined, tail: undefined, timer: undefined, timeoutMs }));
    entry.list = list;
    entry.prev = list.tail;
    entry.next = undefined;
    if (list.tail) list.tail.next = entry;
    else list.head = entry;
    list.tail = entry;
    if (!list.timer) this.#arm(list);
  }

  remove(entry: Timed): void {
    const list = entry.list;
    if (!list) return;
    if (entry.prev) entry.prev.next = entry.next;
    else list.head = entry.next;
    if (entry.next) entry.next.prev = entry.prev;
    else list.tail = entry.prev;
    entry.prev = entry.next = entry.list = undefined;
    if (!list.head) {
      clearTimeout(list.timer);
      list.timer = undefined;
      this.#lists.delete(list.timeoutMs);
    }
  }

  #arm(list: TimerList): void {
    const head = list.head!;
    list.timer = setTimeout(() => this.#fire(list), Math.max(0, head.deadline - Date.now()));
  }

  #fire(list: TimerList): void {
    list.timer = undefined;
    const now = Date.now();
    while (list.head && list.head.deadline <= now) {
      const entry = list.head;
      this.remove(entry); // may delete the list when it empties
      entry.expire();
    }
    if (list.head && !list.timer) this.#arm(list);
  }
}
