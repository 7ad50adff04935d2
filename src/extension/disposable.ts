/**
 * The one ownership rule of the extension: whoever creates something that must be released (a listener, an
 * emitter, a worker, a timer, a panel) registers it with its owner, and disposing the owner releases all of it,
 * in reverse order of registration (dependants go before what they depend on). Modelled on
 * vscode-hexeditor's `Disposable` base. No `vscode` import: VS Code's disposables fit the `IDisposable` shape,
 * so this is unit-testable.
 */

/** Anything with a `dispose()` (vscode.Disposable, a worker client, `{ dispose: () => clearTimeout(t) }`). */
export interface IDisposable {
  dispose(): void;
}

/** Base class of owners: `_register` what you create; `dispose()` releases it once, newest first. */
export abstract class Disposable implements IDisposable {
  private readonly owned: IDisposable[] = [];
  private isDisposed = false;

  /** True once disposed (owners check it before starting new work). */
  protected get disposed(): boolean {
    return this.isDisposed;
  }

  /** Takes ownership of `d` and returns it; registered after disposal, it is disposed at once (nothing leaks). */
  protected _register<T extends IDisposable>(d: T): T {
    if (this.isDisposed) d.dispose();
    else this.owned.push(d);
    return d;
  }

  /** Releases everything registered, newest first; idempotent. One failing dispose does not stop the others. */
  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    const errors: unknown[] = [];
    while (this.owned.length) {
      try {
        this.owned.pop()?.dispose();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'several disposables failed');
  }
}
