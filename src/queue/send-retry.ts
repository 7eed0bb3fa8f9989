/**
 * The back-off of send jobs, named in each job's options and computed by the worker
 * (BullMQ's custom strategy): the base delay doubles each try, as BullMQ's `exponential`
 * does, but the job stores three letters instead of `{"delay":30000,"type":"exponential"}`,
 * which keeps its options under the 64 bytes of a compact Redis hash field.
 */
export const SEND_BACKOFF = 'exp';

export function sendBackoffStrategy(retryBaseMs: number) {
  return (attemptsMade: number, type?: string): number => {
    if (type !== SEND_BACKOFF) throw new Error(`unknown back-off "${type}" on a send job`);
    return Math.round(2 ** (attemptsMade - 1) * retryBaseMs);
  };
}
