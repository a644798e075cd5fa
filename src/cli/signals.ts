// Kept apart from common.ts, which loads the data layer: `serve` and `worker` need only this.

/**
 * Runs `stop` once on SIGTERM or SIGINT, then exits 0 (1 if stopping fails). Call it before printing the URL a
 * caller waits for, so a signal sent on seeing it never meets the default handler.
 */
export function onSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (sig: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`${sig}: finishing requests in flight, then stopping`);
    stop().then(() => process.exit(0), (e: unknown) => {
      console.error(`attune: ${(e as Error).message}`);
      process.exit(1);
    });
  };
  process.once('SIGINT', () => handler('SIGINT'));
  process.once('SIGTERM', () => handler('SIGTERM'));
}
