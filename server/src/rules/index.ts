import type { Rule, SeriesRule } from './rule';
import { submissionUserspace } from './series/submission-userspace';
import { submissionReviewers } from './series/submission-reviewers';
import { submissionDocumentation } from './series/submission-documentation';
import { submissionPlacement } from './series/submission-placement';
import { customIoctl } from './custom-ioctl';
import { privateInterfaceHasSubsystem } from './private-interface-has-subsystem';
import { firmwarePassthrough } from './firmware-passthrough';
import { drmReimplementsCore } from './drm-reimplements-core';
import { accelOutsideSubsystem } from './accel-outside-subsystem';
import { ioctlNonportableArgType } from './ioctl-nonportable-arg-type';
import { ioctlSizeofArg } from './ioctl-sizeof-arg';
import { ioctlArgTooLarge } from './ioctl-arg-too-large';
import { ioctlRawNumber } from './ioctl-raw-number';
import { ioctlDirectionMismatch } from './ioctl-direction-mismatch';
import { uapiAbiLayoutMismatch } from './uapi-abi-layout-mismatch';
import { uapiImplicitPadding } from './uapi-implicit-padding';
import { uapiSizeNot8Multiple } from './uapi-size-not-8-multiple';
import { uapiNonportableInt } from './uapi-nonportable-int';
import { uapiNonKernelInt } from './uapi-non-kernel-int';
import { uapiPointerMember } from './uapi-pointer-member';
import { uapiEnumOrBitfieldMember } from './uapi-enum-or-bitfield-member';
import { uapiBoolOrCharMember } from './uapi-bool-or-char-member';
import { uapiTimeType } from './uapi-time-type';
import { uapiRelativeTimeout } from './uapi-relative-timeout';
import { uapiReservedUndocumented } from './uapi-reserved-undocumented';
import { uapiVersionField } from './uapi-version-field';
import { uapiKernelDoc } from './uapi-kernel-doc';
import { uapiFdWithoutCloexec } from './uapi-fd-without-cloexec';
import { uapiTrailingFlexArray } from './uapi-trailing-flex-array';
import { drmIoctlOutOfRange } from './drm-ioctl-out-of-range';
import { drmIoctlNaming } from './drm-ioctl-naming';
import { uapiC90Hygiene } from './uapi-c90-hygiene';
import { ioctlNumberCollision } from './ioctl-number-collision';
import { ioctlNumberUnregistered } from './ioctl-number-unregistered';
import { ioctlUnresolved } from './ioctl-unresolved';
import { includeNotFound } from './include-not-found';
import { preprocessorProblem } from './preprocessor-problem';
import { fileSkipped } from './file-skipped';
import { miscDeviceAccelerator } from './misc-device-accelerator';
import { sharedApiReview } from './shared-api-review';
import { ioctlUncheckedReserved } from './ioctl-unchecked-reserved';
import { ioctlUnknownCommandErrno } from './ioctl-unknown-command-errno';
import { ioctlCompat } from './ioctl-compat';
import { ioctlCopySizeMismatch } from './ioctl-copy-size-mismatch';
import { driverFdWithoutCloexec } from './driver-fd-without-cloexec';
import { ioctlNotDispatched } from './ioctl-not-dispatched';
import { ioctlNotInUapi } from './ioctl-not-in-uapi';
import { uapiAbiBreak } from './uapi-abi-break';
import { uapiAbiExtension } from './uapi-abi-extension';

/** Every rule, in the order their findings are listed for the same position. */
export const RULES: readonly Rule[] = [
  fileSkipped,
  accelOutsideSubsystem,
  privateInterfaceHasSubsystem,
  customIoctl,
  firmwarePassthrough,
  drmReimplementsCore,
  drmIoctlOutOfRange,
  drmIoctlNaming,
  ioctlNumberCollision,
  ioctlNumberUnregistered,
  ioctlNonportableArgType,
  ioctlSizeofArg,
  ioctlArgTooLarge,
  ioctlRawNumber,
  ioctlDirectionMismatch,
  uapiAbiBreak,
  uapiAbiExtension,
  uapiAbiLayoutMismatch,
  uapiSizeNot8Multiple,
  uapiImplicitPadding,
  uapiNonportableInt,
  uapiNonKernelInt,
  uapiPointerMember,
  uapiEnumOrBitfieldMember,
  uapiBoolOrCharMember,
  uapiTimeType,
  uapiRelativeTimeout,
  uapiTrailingFlexArray,
  uapiReservedUndocumented,
  uapiFdWithoutCloexec,
  uapiVersionField,
  uapiKernelDoc,
  uapiC90Hygiene,
  // driver sources
  miscDeviceAccelerator,
  sharedApiReview,
  ioctlNotInUapi,
  ioctlNotDispatched,
  ioctlUnknownCommandErrno,
  ioctlCompat,
  ioctlCopySizeMismatch,
  ioctlUncheckedReserved,
  driverFdWithoutCloexec,
  ioctlUnresolved,
  includeNotFound,
  preprocessorProblem,
];

/**
 * The rules that need no struct layouts: what the editor shows first. The others lay out the
 * header's structs on every ABI, which on a cold start costs more than the rest of the analysis.
 */
export const QUICK_RULES: readonly Rule[] = RULES.filter((r) => !r.usesLayouts);

/** The rules about a patch series as a whole (`uapi-lint review`), in the order they are listed. */
export const SERIES_RULES: readonly SeriesRule[] = [submissionUserspace, submissionReviewers, submissionDocumentation, submissionPlacement];

/** Every rule's id, severity, description and criteria page: the document rules, then the series rules. */
export const ALL_RULES: ReadonlyArray<Pick<Rule, 'id' | 'defaultSeverity' | 'description' | 'criteria' | 'documents'>> = [...RULES, ...SERIES_RULES];
