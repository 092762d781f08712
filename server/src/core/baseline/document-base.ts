import type { HeaderCache } from '../include/header-cache';
import { modelDocument, type DocumentModel } from '../document';
import type { IoctlDefinition } from '../ioctl/extract';
import type { RecordDecl } from '../model/declarations';
import type { Baseline } from './baseline';
import { compareModels, type UapiChange } from './abi-diff';

/**
 * One document against the base: whether the branch adds it, changed it or left it alone, its
 * version at the base (a model of its own, analysed with the base's includes), and for each
 * ioctl and struct whether it exists there as it is now.
 */

/** `existing`: at the base as it is now; `changed`: at the base, but different; `new`: not at the base. */
export type Novelty = 'existing' | 'changed' | 'new';

/**
 * Base versions of files, per baseline: the last few asked for. A file's text at the base does
 * not change while the baseline stands, so the document being edited, and the headers a source
 * includes, are modelled at the base once.
 */
const baseModels = new WeakMap<Baseline, Map<string, DocumentModel>>();
const BASE_MODELS_MAX = 16;

function modelAtBase(baseline: Baseline, file: string, text: string, cache: HeaderCache): DocumentModel {
  let byPath = baseModels.get(baseline);
  if (!byPath) baseModels.set(baseline, (byPath = new Map()));
  let model = byPath.get(file);
  if (!model) {
    model = modelDocument(file, text, baseline.cacheBeside(cache));
    byPath.set(file, model);
    if (byPath.size > BASE_MODELS_MAX) byPath.delete(byPath.keys().next().value!);
  }
  return model;
}

export class DocumentBase {
  /** `same`: the text is the base's; `changed`; `added`: the base has no such file. */
  readonly state: 'same' | 'changed' | 'added';
  private readonly baseText: string | undefined;
  private baseModel: DocumentModel | null | undefined;
  private uapiChanges: UapiChange[] | undefined;

  private constructor(
    readonly baseline: Baseline,
    readonly model: DocumentModel,
    private readonly cache: HeaderCache,
  ) {
    this.baseText = baseline.textAt(model.path);
    this.state = this.baseText === undefined ? 'added' : this.baseText === model.file.text || model.skipped ? 'same' : 'changed';
  }

  /** The document against the base, or undefined when the base says nothing of it (outside the work tree, ignored). */
  static of(baseline: Baseline, model: DocumentModel, cache: HeaderCache): DocumentBase | undefined {
    if (baseline.fileAt(model.path).state === 'outside') return undefined;
    return new DocumentBase(baseline, model, cache);
  }

  /** The document's version at the base (null when the branch adds it), modelled when first asked for. */
  get base(): DocumentModel | null {
    if (this.baseModel === undefined) {
      if (this.baseText === undefined) this.baseModel = null;
      else if (this.state === 'same') this.baseModel = this.model;
      else this.baseModel = modelAtBase(this.baseline, this.model.path, this.baseText, this.cache);
    }
    return this.baseModel;
  }

  /** What the branch did to the document's uAPI: nothing when it is the base's, every ioctl added when the file is new. */
  get changes(): UapiChange[] {
    if (!this.uapiChanges) {
      const base = this.base;
      if (this.state === 'same' || this.model.kind !== 'header') this.uapiChanges = [];
      else if (base) this.uapiChanges = compareModels(base, this.model);
      else {
        this.uapiChanges = this.model.ioctls
          .filter((i) => i.file === this.model.path)
          .map((i): UapiChange => ({ kind: 'ioctl-added', verdict: 'addition', subject: i.name, range: i.nameRange, ioctls: [i.name], abis: [], details: [`${i.name} is new (the file is new)`] }));
      }
    }
    return this.uapiChanges;
  }

  /** Whether an ioctl (this document's or an included header's) is at the base as it is now; undefined when the base says nothing of its header. */
  ioctlState(ioctl: IoctlDefinition): Novelty | undefined {
    const home = this.modelOf(ioctl.file);
    if (home === undefined) return undefined;
    if (home === null) return 'new';
    if (home === 'same') return 'existing';
    const current = ioctl.file === this.model.path ? this.model : undefined;
    const was = home.ioctls.find((i) => i.name === ioctl.name);
    if (!was) return 'new';
    if (was.dir !== ioctl.dir || was.type !== ioctl.type || was.nr !== ioctl.nr || was.argType !== ioctl.argType) return 'changed';
    // the argument struct as written (a struct of an included header is judged with that header)
    const [kind, tag] = (ioctl.argType ?? '').split(/\s+/);
    if ((kind === 'struct' || kind === 'union') && tag && current) {
      if (recordText(current, current.host.index.record(kind, tag)) !== recordText(home, home.host.index.record(kind, tag))) return 'changed';
    }
    return 'existing';
  }

  /** Whether a struct or union this document defines is at the base as it is now. */
  recordState(rec: RecordDecl): Novelty | undefined {
    if (this.state === 'same') return 'existing';
    const base = this.base;
    if (!base) return 'new';
    if (!rec.tag) return undefined;
    const was = base.host.index.record(rec.kind, rec.tag);
    if (!was || !was.fields) return 'new';
    return recordText(this.model, rec) === recordText(base, was) ? 'existing' : 'changed';
  }

  /** The base version of the file that defines something: 'same' when unchanged, null when added, undefined when unknown. */
  private modelOf(file: string): DocumentModel | 'same' | null | undefined {
    if (file === this.model.path) return this.state === 'same' ? 'same' : this.base;
    const at = this.baseline.fileAt(file);
    if (at.state === 'outside') return undefined;
    if (at.state === 'same') return 'same';
    if (at.state === 'added') return null;
    return modelAtBase(this.baseline, file, at.text, this.cache);
  }
}

/** A struct's declaration as written, without comments and with single spaces: equal when only comments or layout of the text changed. */
export function recordText(model: DocumentModel, rec: RecordDecl | undefined): string | undefined {
  if (!rec || !rec.fields) return undefined;
  const text = rec.file === model.path ? model.file.text : model.tu.files.get(rec.file)?.file.text;
  if (text === undefined) return undefined;
  return text
    .slice(rec.start, rec.end)
    .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
