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
 *
 * A list that empties keeps its timer, unref'd, until it fires: with one call at a time
 * (a lone caller) the list empties after every call, and clearing and re-creating the timer
 * each time cost more than the rest of the call's bookkeeping. An early firing finds
 * nothing due and re-arms for the head.
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
    else if (!list.timer.hasRef()) list.timer.ref(); // armed earlier for a call now gone
  }

  remove(entry: Timed): void {
    const list = entry.list;
    if (!list) return;
    if (entry.prev) entry.prev.next = entry.next;
    else list.head = entry.next;
    if (entry.next) entry.next.prev = entry.prev;
    else list.tail = entry.prev;
    entry.prev = entry.next = entry.list = undefined;
    // Empty: the timer stays (see above) but no longer keeps the process alive.
    if (!list.head) list.timer?.unref();
  }

  /** Stops every timer; entries still listed stay unexpired. */
  clear(): void {
    for (const list of this.#lists.values()) clearTimeout(list.timer);
    this.#lists.clear();
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
      this.remove(entry);
      entry.expire();
    }
    if (list.timer) return; // an expire() added a call and re-armed
    if (list.head) this.#arm(list);
    else if (this.#lists.get(list.timeoutMs) === list) this.#lists.delete(list.timeoutMs);
  }
}
