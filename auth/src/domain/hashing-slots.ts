/** Who a password derivation is for: signing in an existing user, or creating a new one. */
export type HashingLane = 'signin' | 'signup';

export interface HashingSlotsOptions {
  /** Derivations sign-ups may run at once. */
  signupSlots: number;
  /** Further slots that only sign-ins use, so a flood of sign-ups never keeps a user from signing in. */
  slotsReservedForSignins: number;
}

export interface HashingSlotsState {
  running: Record<HashingLane, number>;
  queued: Record<HashingLane, number>;
}

/**
 * Bounds how many scrypt derivations run at once. Each one takes a libuv pool thread (4 by default,
 * shared with dns.lookup and the file system) and, at the current cost, 128 MiB, so the bound is
 * what keeps the process inside its memory limit. Sign-ins may use every slot; sign-ups at most
 * theirs. When a slot frees, a waiting sign-in goes before any waiting sign-up.
 */
export class HashingSlots {
  private readonly total: number;
  private readonly running: Record<HashingLane, number> = { signin: 0, signup: 0 };
  private readonly queues: Record<HashingLane, (() => void)[]> = { signin: [], signup: [] };

  constructor(private readonly options: HashingSlotsOptions) {
    this.total = options.signupSlots + options.slotsReservedForSignins;
  }

  async run<T>(lane: HashingLane, task: () => Promise<T>): Promise<T> {
    await this.acquire(lane);
    try {
      return await task();
    } finally {
      this.running[lane]--;
      this.startWaiting();
    }
  }

  get state(): HashingSlotsState {
    return {
      running: { ...this.running },
      queued: { signin: this.queues.signin.length, signup: this.queues.signup.length },
    };
  }

  private canStart(lane: HashingLane): boolean {
    if (this.running.signin + this.running.signup >= this.total) return false;
    return lane === 'signin' || this.running.signup < this.options.signupSlots;
  }

  private acquire(lane: HashingLane): Promise<void> {
    if (this.queues[lane].length === 0 && this.canStart(lane)) {
      this.running[lane]++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queues[lane].push(resolve));
  }

  private startWaiting(): void {
    for (const lane of ['signin', 'signup'] as const) {
      while (this.queues[lane].length > 0 && this.canStart(lane)) {
        this.running[lane]++;
        this.queues[lane].shift()!();
      }
    }
  }
}
