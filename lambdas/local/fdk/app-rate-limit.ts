/** The platform's quota on request templates (50 calls a minute per app per account), so the sidebar's 429 message can be seen locally. */

/** The platform's number; local mode's BATON_APP_CALLS_PER_MINUTE changes it (tests lower it to reach the limit quickly). */
export const PLATFORM_CALLS_PER_MINUTE = 50;
const WINDOW_MS = 60_000;

/**
 * A sliding one-minute window per account on real (monotonic) time: the quota is the platform's, so the
 * manual clock does not move it.
 * @example const limit = new AppRateLimit(50); if (!limit.take('acme')) reject429();
 */
export class AppRateLimit {
  private readonly calls = new Map<string, number[]>();

  constructor(
    readonly callsPerMinute: number = PLATFORM_CALLS_PER_MINUTE,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Counts one call for `account`; false (and not counted) when the minute's quota is spent. */
  take(account: string): boolean {
    const at = this.now();
    const recent = (this.calls.get(account) ?? []).filter((t) => at - t < WINDOW_MS);
    if (recent.length >= this.callsPerMinute) {
      this.calls.set(account, recent);
      return false;
    }
    recent.push(at);
    this.calls.set(account, recent);
    return true;
  }
}
