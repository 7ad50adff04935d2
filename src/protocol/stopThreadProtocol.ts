/**
 * The one message every worker thread of ours understands besides its own contract: "stop now". A parent sends it
 * instead of calling Worker.terminate() (core/threadStop.ts says why). Its key is neither `type` nor `t`, so it can
 * never be mistaken for a message of another contract, and it carries nothing to validate.
 */
import { hasKeyCount, isObject } from './guards.ts';

/** Parent → worker: stop your own threads, then exit. */
export interface StopThread {
  stopThread: true;
}

export const STOP_THREAD: StopThread = { stopThread: true };

/** The message is STOP_THREAD (exactly that shape). */
export function isStopThread(m: unknown): m is StopThread {
  return isObject(m) && m.stopThread === true && hasKeyCount(m, 1);
}
