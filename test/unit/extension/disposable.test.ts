// The ownership base of src/extension (src/extension/disposable.ts): registered disposables are released once,
// newest first, even when one of them throws; one registered after disposal is released at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Disposable } from '../../../src/extension/disposable.ts';

class Owner extends Disposable {
  own(name: string, log: string[], fail = false): void {
    this._register({
      dispose: () => {
        log.push(name);
        if (fail) throw new Error(`${name} failed`);
      },
    });
  }
}

test('dispose releases everything registered, newest first, once', () => {
  const log: string[] = [];
  const o = new Owner();
  o.own('a', log);
  o.own('b', log);
  o.own('c', log);
  o.dispose();
  o.dispose();
  assert.deepEqual(log, ['c', 'b', 'a']);
});

test('a disposable registered after disposal is released at once', () => {
  const log: string[] = [];
  const o = new Owner();
  o.dispose();
  o.own('late', log);
  assert.deepEqual(log, ['late']);
});

test('a throwing disposable does not keep the others alive; its error is rethrown', () => {
  const log: string[] = [];
  const o = new Owner();
  o.own('a', log);
  o.own('b', log, true);
  o.own('c', log);
  assert.throws(() => o.dispose(), /b failed/);
  assert.deepEqual(log, ['c', 'b', 'a']);
});
