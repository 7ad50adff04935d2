/**
 * Tags the instruction samples on a background thread while the analysing thread finishes the other figures.
 * Why: wink-nlp tags ~0.15–0.3 ms of CPU per prompt, so a 20,000-prompt sample cost seconds of serial work at the
 * end of every analysis, whatever the file's size (docs/performance.md, "Session 8").
 *
 * Why ONE thread, in order: wink's lexicon learns every out-of-vocabulary token the first time it reads it (its token
 * type and features, and from then on the token counts as a known lexeme when later texts are split), so a prompt's
 * tags depend on every text the same wink instance read before it — on e50, "76" is a `number` or a `word` depending
 * on which prompts came first. The figures are defined by one instance reading the jobs' texts in order (the
 * reference's sample, then the dataset's; instructionStats.ts); a split over several instances changes a few tokens
 * in 10^5. So a TagThread is one wink history: its jobs are tagged one after the other by one instance — on its
 * thread (the chunk worker's entry, which bundles wink and its model; protocol/tagWorkerProtocol.ts) or, for small
 * jobs (below `minPrompts` when the first job comes: starting a thread and loading the model there costs ~0.3–0.5 s)
 * and without a script, in the analysing thread at `tags()`. A thread that fails loses nothing: every job is then
 * tagged again here, in order. Cancel (the signal) and `dispose` stop the thread (core/threadStop.ts); it never outlives its owner.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerEntry } from '../workerEntry.ts';
import { startThread, stopRequested, stopThread } from '../threadStop.ts';
import { createAbortError } from '../reader/readerError.ts';
import {
  isTagWorkerMessage,
  type FromTagWorker,
  type ToTagWorker,
} from '../../protocol/tagWorkerProtocol.ts';
import { tagBuffers, tagPrompts, type PromptTags } from './promptTags.ts';

/** Prompts below which the first job (and so every job) is tagged in the analysing thread. */
export const TAG_THREAD_MIN_PROMPTS = 2000;

export interface TagThreadOptions {
  /** The entry of the tagging thread (the chunk worker's); undefined: every job is tagged in this thread. */
  script?: WorkerEntry;
  signal?: AbortSignal;
  /** Default TAG_THREAD_MIN_PROMPTS. */
  minPrompts?: number;
}

/** A submitted job: its tags, once it and every job before it are tagged. */
export interface TagJob {
  tags(): Promise<PromptTags[]>;
}

interface Job {
  id: number;
  texts: string[];
  result?: PromptTags;
  failure?: string;
  wake: (() => void) | null;
}

/**
 * Why a class: it owns its thread from the first job to `dispose`, so every exit path of the analysis (report, error,
 * cancel) ends it with one call, and it keeps the jobs in the order wink must read them.
 */
export class TagThread {
  private worker: Worker | null = null;
  /** Undecided until the first job: then the thread or this thread, for every job. */
  private mode: 'thread' | 'here' | null = null;
  /** The thread failed: every job is tagged here, in order, from the first. */
  private lost = false;
  private readonly jobs: Job[] = [];
  /** Tags of jobs[0..here.length) computed in this thread, in order. */
  private readonly here: PromptTags[] = [];
  private disposed = false;
  /** Resolves once the thread is gone (a dispose called twice waits for the first one's stop). */
  private ended: Promise<void> = Promise.resolve();
  private readonly onAbort = (): void => {
    void this.dispose();
  };

  constructor(private readonly o: TagThreadOptions) {
    // (already cancelled: no thread is ever started, and every job is refused)
    if (o.signal?.aborted) this.disposed = true;
    else o.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Whether a thread was started and still runs (tests). */
  get threadRunning(): boolean {
    return this.worker !== null;
  }

  /**
   * Queues each list of `texts` after the jobs already submitted, in order (the thread starts on them at once); the
   * first call decides where every job runs, by its prompts in all.
   */
  submit(...lists: string[][]): TagJob[] {
    if (this.mode === null) {
      const prompts = lists.reduce((s, l) => s + l.length, 0);
      const min = this.o.minPrompts ?? TAG_THREAD_MIN_PROMPTS;
      this.mode = !this.disposed && this.o.script && prompts >= min ? 'thread' : 'here';
    }
    return lists.map((texts) => this.queue(texts));
  }

  private queue(texts: string[]): TagJob {
    const job: Job = { id: this.jobs.length, texts, wake: null };
    this.jobs.push(job);
    if (this.mode === 'thread' && !this.lost && !this.disposed) {
      const m: ToTagWorker = { type: 'tag', job: job.id, texts };
      this.thread().postMessage(m);
    }
    return { tags: () => this.tagsOf(job) };
  }

  /** Ends the thread (idempotent); waits until it is gone. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.o.signal?.removeEventListener('abort', this.onAbort);
    for (const job of this.jobs) job.wake?.();
    const w = this.worker;
    this.worker = null;
    if (w) this.ended = stopThread(w);
    await this.ended;
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const script = this.o.script!;
    // it only tags (JavaScript and wink's model: no zlib stream, no file, no thread), so a stop terminates it at once
    const w = startThread(
      script.script,
      {
        eval: script.eval ?? false,
        ...(script.resourceLimits ? { resourceLimits: script.resourceLimits } : {}),
      },
      { terminateOnStop: true },
    );
    w.on('message', (m: unknown) => {
      const job = isTagWorkerMessage(m) ? this.jobs[m.job] : undefined;
      if (!job || !isTagWorkerMessage(m)) return this.lose(w);
      if (m.type === 'tagged') {
        if (m.tags.prompts !== job.texts.length) return this.lose(w);
        job.result = m.tags;
      } else job.failure = m.message;
      job.wake?.();
    });
    w.on('error', () => this.lose(w));
    w.on('exit', () => this.lose(w));
    this.worker = w;
    return w;
  }

  /** The thread is gone or broke its contract: the jobs are tagged here instead (results it gave are dropped). */
  private lose(w: Worker): void {
    if (this.worker !== w) return;
    this.worker = null;
    this.lost = true;
    void stopThread(w);
    for (const job of this.jobs) job.wake?.();
  }

  private throwIfCancelled(): void {
    if (this.o.signal?.aborted) throw createAbortError(this.o.signal.reason);
    if (this.disposed) throw new Error('the tagging thread was disposed before its job ended');
    // this thread's tree is stopping (its tagging thread is gone for that reason): never tag here instead
    if (stopRequested()) throw new Error('the tagging thread was stopped with its analysis');
  }

  private async tagsOf(job: Job): Promise<PromptTags[]> {
    for (;;) {
      this.throwIfCancelled();
      if (this.mode === 'here' || this.lost) return [this.tagHere(job)];
      if (job.failure !== undefined) throw new Error(`tagging the instruction sample failed: ${job.failure}`);
      if (job.result) return [job.result];
      await new Promise<void>((resolve) => (job.wake = resolve));
      job.wake = null;
    }
  }

  /** Tags `job` in this thread, after every earlier job not tagged here yet (one history, the jobs' order). */
  private tagHere(job: Job): PromptTags {
    while (this.here.length <= job.id) this.here.push(tagPrompts(this.jobs[this.here.length].texts));
    return this.here[job.id];
  }
}

/**
 * A tagging thread's side of a job: its tags, ids transferred. Why here: the chunk worker entry only routes the
 * message (src/worker/chunkWorker.ts).
 */
export function tagJob(job: ToTagWorker, send: (m: FromTagWorker, transfer?: ArrayBuffer[]) => void): void {
  try {
    // its tree's stop flag, read between prompts: a long run does not hold the thread past its stop (core/threadStop.ts)
    const tags = tagPrompts(job.texts, stopRequested);
    send({ type: 'tagged', job: job.job, tags }, tagBuffers(tags));
  } catch (err) {
    send({ type: 'tagFailed', job: job.job, message: err instanceof Error ? err.message : String(err) });
  }
}
