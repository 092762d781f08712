import type { Rule } from './rule';
import { customIoctl } from './custom-ioctl';
import { drmReimplementsCore } from './drm-reimplements-core';
import { accelOutsideSubsystem } from './accel-outside-subsystem';
import { ioctlUnresolved } from './ioctl-unresolved';
import { includeNotFound } from './include-not-found';
import { preprocessorProblem } from './preprocessor-problem';
import { fileSkipped } from './file-skipped';

/** Every rule, in the order their findings are listed for the same position. */
export const RULES: readonly Rule[] = [
  fileSkipped,
  accelOutsideSubsystem,
  customIoctl,
  drmReimplementsCore,
  ioctlUnresolved,
  includeNotFound,
  preprocessorProblem,
];
