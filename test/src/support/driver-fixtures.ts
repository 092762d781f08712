import * as path from 'node:path';
import { FIXTURES } from './paths';

/** The driver sources written for the tests: a small kernel tree's drivers, and one outside any tree. */
export const DRIVER_TREE = path.join(FIXTURES, 'driver-tree');
export const DRIVERS = {
  kestrel: path.join(DRIVER_TREE, 'drivers/misc/kestrel/kestrel.c'),
  lumen: path.join(DRIVER_TREE, 'drivers/misc/lumen/lumen.c'),
  wren: path.join(DRIVER_TREE, 'drivers/misc/wren/wren.c'),
  orbit: path.join(DRIVER_TREE, 'drivers/accel/orbit/orbit_drv.c'),
  vega: path.join(DRIVER_TREE, 'drivers/gpu/drm/vega/vega_drv.c'),
  mydsp: path.join(FIXTURES, 'out-of-tree-driver/mydsp.c'),
} as const;
export type DriverFixture = keyof typeof DRIVERS;
