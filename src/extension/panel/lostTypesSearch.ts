/**
 * The host side of the Tails view's search of lost tail tokens: keeps the LostTypesIndex of the report a panel
 * shows (every lost tail type, up to the caps of core/tails/lostTypes.ts, built by the analysis worker) and answers
 * the webview's `lostQuery` messages from it. A query runs in slices (queryLostTypesSteps) with the event loop given
 * back between them, so a search over millions of types never blocks the extension host; a newer query or a new
 * index abandons an older query. Without `vscode`, so it is unit-testable.
 */
import {
  buildLostTypesIndex,
  queryLostTypesSteps,
  type LostPage,
  type LostQuery,
  type LostTypesIndex,
} from '../../core/tails/lostTypes.ts';
import type { AnalysisReport } from '../../core/report/reportTypes.ts';
import { LOST_PAGE_SIZE, type HostToWebview, type LostQueryMessage } from '../../protocol/panelProtocol.ts';

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** One panel's lost tail types and the query running over them. */
export class LostTypesSearch {
  private index: LostTypesIndex = buildLostTypesIndex([]);
  /** Incremented by every query and every new index: a query answers only while it holds the latest. */
  private generation = 0;

  /**
   * Why: the panel shows a new report — search its lost types: `index` when the worker sent every one, else the
   * report's own list (its first 1,000; `kept` < `total` tells the panel), or none without a reference.
   */
  setReport(report: AnalysisReport | null, index: LostTypesIndex | undefined): void {
    this.generation++;
    const t = report?.tails;
    this.index =
      index ??
      (t?.mode === 'reference'
        ? buildLostTypesIndex(t.lostTypes, t.lostTypesTotal)
        : buildLostTypesIndex([]));
  }

  /**
   * Why: the one answer to the webview's `lostQuery` (live and saved-report panels alike): its page, posted with the
   * query's request id, or nothing when a newer query superseded it.
   */
  async answer(m: LostQueryMessage, post: (reply: HostToWebview) => void): Promise<void> {
    const { query, hideNumbers, order, page } = m;
    const result = await this.query({ query, hideNumbers, order, page, pageSize: LOST_PAGE_SIZE });
    if (result) post({ type: 'lostPage', requestId: m.requestId, result });
  }

  /** Why: one page for the webview, without blocking the host; undefined when a newer query or report superseded it. */
  async query(q: LostQuery): Promise<LostPage | undefined> {
    const generation = ++this.generation;
    const steps = queryLostTypesSteps(this.index, q);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      await yieldToEventLoop();
      if (generation !== this.generation) return undefined;
    }
  }
}
