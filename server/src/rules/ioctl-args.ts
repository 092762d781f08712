import type { DocumentModel } from '../core/document';
import { ABIS, type AbiName } from '../core/abi/abis';
import { argumentTypeExpr } from '../core/ioctl/argument-records';
import type { IoctlDefinition } from '../core/ioctl/extract';
import { lastObjectLikeDefines, type MacroDef } from '../core/preprocess/macros';
import type { TypeExpr } from '../core/model/declarations';

/** What the command-macro rules share: the header's own ioctls, their argument and its sizes. */

export interface OwnIoctl {
  ioctl: IoctlDefinition;
  /** The header's `#define` of it. */
  def: MacroDef;
  arg: TypeExpr | null;
}

const own = new WeakMap<DocumentModel, OwnIoctl[]>();

/** Several rules go through them: found once per model. */
export function ownIoctls(model: DocumentModel): OwnIoctl[] {
  let out = own.get(model);
  if (out) return out;
  const defines = lastObjectLikeDefines(model.tu.files.get(model.tu.main)?.defines ?? []);
  out = [];
  for (const ioctl of model.ioctls) {
    if (ioctl.file !== model.path) continue;
    const def = defines.get(ioctl.name);
    if (def) out.push({ ioctl, def, arg: argumentTypeExpr(ioctl) });
  }
  own.set(model, out);
  return out;
}

/** The argument's size on every ABI where it can be computed. */
export function argumentSizes(model: DocumentModel, arg: TypeExpr): Array<{ abi: AbiName; value: number }> {
  const out: Array<{ abi: AbiName; value: number }> = [];
  for (const abi of ABIS) {
    const r = model.unit(abi.name).layout.type(arg);
    if (r.ok) out.push({ abi: abi.name, value: r.value.size });
  }
  return out;
}
