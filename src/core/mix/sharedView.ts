/**
 * One text view for both inputs. The mixed file holds dataset rows AND reference rows, and it is measured
 * by one analysis with one view; for the preview to be honest, the model must extract from every row the
 * text that measurement will extract. Rule: `full` if asked; otherwise each input's own paths (its --field
 * list, or its detected default view); when the two lists are equal, that list; when they differ, their
 * union (dataset paths first) for BOTH inputs — with a warning, since a row may then contribute text from a
 * path meant for the other input. When reference rows are converted to the dataset's schema (the default,
 * referenceSchema.ts) there is one schema in the written file: the dataset's own view is used for both, and
 * the reference's rows are read as converted (`referenceConverted`: the converted sample).
 */
import { createTextView, type TextView } from '../fields/textView.ts';
import type { ViewName } from '../pipeline/optionsTable.ts';

export interface SharedView {
  effective: { view: 'full' } | { fields: string[] };
  datasetView: TextView;
  referenceView: TextView;
  /** Each input's view on its own (reported, and compared to pick the shared one). */
  datasetOwn: TextView;
  referenceOwn: TextView;
  warnings: string[];
}

/** Decides the shared view from the first rows of each input and the user's flags. */
export function resolveSharedView(
  datasetSample: readonly unknown[],
  referenceSample: readonly unknown[],
  spec: { fields: string[]; referenceFields: string[]; view: ViewName },
  referenceConverted?: readonly unknown[],
): SharedView {
  const own = (sample: readonly unknown[], fields: string[]): TextView =>
    createTextView(sample, { fields: fields.length ? fields : undefined, view: spec.view });
  const datasetOwn = own(datasetSample, spec.fields);
  const referenceOwn = own(referenceSample, spec.referenceFields);
  const warnings: string[] = [];
  if (referenceConverted) {
    // one schema: the dataset's view reads the (converted) reference rows too
    if (spec.view === 'full' && spec.fields.length === 0) {
      const referenceView = createTextView(referenceConverted, { view: 'full' });
      return {
        effective: { view: 'full' },
        datasetView: datasetOwn,
        referenceView,
        datasetOwn,
        referenceOwn,
        warnings,
      };
    }
    const fields = datasetOwn.fields;
    if (fields.length === 0) throw new Error('no text field found in the dataset; pass --field');
    const referenceView = createTextView(referenceConverted, { fields });
    return {
      effective: { fields },
      datasetView: datasetOwn,
      referenceView,
      datasetOwn,
      referenceOwn,
      warnings,
    };
  }
  if (spec.view === 'full' && spec.fields.length === 0 && spec.referenceFields.length === 0) {
    return {
      effective: { view: 'full' },
      datasetView: datasetOwn,
      referenceView: referenceOwn,
      datasetOwn,
      referenceOwn,
      warnings,
    };
  }
  const a = datasetOwn.fields;
  const b = referenceOwn.fields;
  let fields = a;
  if (a.length !== b.length || a.some((p, i) => p !== b[i])) {
    fields = [...a, ...b.filter((p) => !a.includes(p))];
    warnings.push(
      `the dataset's text fields (${a.join(', ') || 'none'}) differ from the reference's (${b.join(', ') || 'none'}); ` +
        `both inputs and the written file are read with the union: ${fields.join(', ')}`,
    );
  }
  if (fields.length === 0)
    throw new Error('no text field found in either input; pass --field / --reference-field');
  const datasetView = createTextView(datasetSample, { fields });
  const referenceView = createTextView(referenceSample, { fields });
  return { effective: { fields }, datasetView, referenceView, datasetOwn, referenceOwn, warnings };
}
