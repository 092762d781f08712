import type { PurposeId } from './purposes';

/**
 * The kernel subsystems a private device interface belongs in, as data: which devices each
 * serves, the interface userspace uses there, the kernel documentation that says drivers of
 * that class use it, the words that give a device of that class away (and those that separate it
 * from an accelerator), the calls by which a driver joins it, and its own uAPI, which is never a
 * custom ioctl. Facts from the Documentation/ and include/uapi/ of Linux 6.12; see
 * docs/criteria/subsystems.md and the family pages it links.
 */

export const SUBSYSTEM_IDS = [
  'drm-accel', 'drm-kms', 'iio', 'input', 'hwmon', 'v4l2', 'alsa', 'gpio', 'led', 'watchdog', 'rtc', 'pwm',
  'remoteproc', 'rpmsg', 'fpga', 'fw-upload', 'crypto', 'netlink', 'devlink', 'wwan', 'vfio',
  'uacce', 'dma-heap', 'tee', 'mei', 'counter', 'nvmem', 'mailbox', 'power-supply', 'thermal',
  'uio', 'tpm', 'edac', 'perf',
] as const;

export type SubsystemId = (typeof SUBSYSTEM_IDS)[number];

/**
 * The criteria page (docs/criteria/<family>.md) that explains a group of related subsystems.
 * `accel-subsystem` is the page DRM/accel already has.
 */
export type SubsystemFamily =
  | 'accel-subsystem'
  | 'subsystem-display'
  | 'subsystem-sensors'
  | 'subsystem-input'
  | 'subsystem-media'
  | 'subsystem-audio'
  | 'subsystem-board-io'
  | 'subsystem-time'
  | 'subsystem-coprocessors'
  | 'subsystem-fpga-firmware'
  | 'subsystem-security'
  | 'subsystem-networking'
  | 'subsystem-userspace-drivers'
  | 'subsystem-memory'
  | 'subsystem-power'
  | 'subsystem-ras-perf';

/** Where a word was found. `file`: the header's or driver's file name (`als.h` is ALS). */
/** `value`: a named value of a scalar argument (SDTX_DEVICE_MODE_TABLET is TABLET). */
export type SubsystemEvidenceSource = 'name' | 'struct' | 'member' | 'value' | 'doc' | 'file';

export interface SubsystemWord {
  /** Upper case, as in a macro name; a sequence of words joined with '_' (`SAMPLING_FREQUENCY`). */
  word: string;
  /** 1 (suggestive: `SCALE`), 2 (typical: `CHANNEL`... of this class), 3 (gives the class away: `LUX`, `WATCHDOG`). Default 2. */
  weight?: 1 | 2 | 3;
  /** Only count it in these places (`PERIOD` in a member says PWM, in a doc it says little). */
  sources?: SubsystemEvidenceSource[];
  /**
   * It says what the whole device is wherever an ioctl's name, struct or member has it: a PASID
   * is a process address space the device works in, whatever else its ioctls do.
   */
  defines?: true;
  /**
   * Also found glued to the end of a longer word of a name or a file name: the framebuffer layer
   * names its drivers <chip>fb (`sisfb.h`, `OMAPFB_MIRROR`, `MATROXFB_SET_OUTPUT_MODE`).
   */
  suffix?: true;
}

/** What a private ioctl of this class does, and what covers it in the subsystem. */
export interface SubsystemCover {
  /** The purposes (as the purpose classifier names them) this line is for; absent: any purpose. */
  purposes?: PurposeId[];
  /** After the ioctl's name: "reads a sensor value". */
  does: string;
  /** After a colon: "IIO channels (`in_illuminance_raw`, `_scale`) already do this"; for a line that is `none`, why not. */
  advice: string;
  /** Only for an ioctl whose name, struct or members say one of these (a crypto device's query reads random data when it says RNG). */
  words?: string[];
  /**
   * The subsystem has no interface for what these ioctls do (AF_ALG has nothing for a crypto
   * card's status): the device is the subsystem's, but such an ioctl is its driver's own uAPI.
   */
  none?: true;
}

export interface KernelDocument {
  /** The file in the 6.12 tree: `Documentation/driver-api/iio/intro.rst`. */
  path: string;
  /** Its page on docs.kernel.org. */
  url: string;
  /** What it says that the finding rests on, in the project's words. */
  says: string;
}

export interface Subsystem {
  id: SubsystemId;
  /** `Industrial I/O (IIO)` */
  title: string;
  family: SubsystemFamily;
  /** The devices it serves: `ambient light and proximity sensors`. */
  classes: string[];
  /** The interface userspace uses there. */
  userspace: string;
  /** What a whole private device of this class should become: "an IIO driver (devm_iio_device_register)". */
  become: string;
  /** Per purpose, what covers a private ioctl; the last entry has no `purposes` and fits any. */
  covers: SubsystemCover[];
  documentation: KernelDocument[];
  /** A driver that was moved there, or a review that asked for it, if one is known. */
  precedent?: string;
  evidence: SubsystemWord[];
  /** Words that, next to buffer words, say this class and not an accelerator. */
  notDrm: string[];
  /** Kernel calls (or struct types) by which a driver joins the subsystem: `devm_iio_device_register`. */
  registers: string[];
  /**
   * The kernel tree's folders of its drivers (MAINTAINERS' F: lines): a header or driver inside
   * one is the subsystem's already, and its private ioctl is one the subsystem's interface
   * should carry. Not fbdev's: its drivers are mostly displays, but not all (pxa3xx-gcu's 2D
   * engine), and neither the accel entry nor the display entry covers all of them.
   */
  folders?: string[];
}

/**
 * One slice of a subsystem's own uAPI: the header that defines it, the magic, and the range of
 * numbers. Keyed on all three because magics collide ('H' is dma-heap, MEI, hidraw and ALSA
 * hwdep; 'W' watchdog and uacce; 'i' IIO and i8k; 'p' RTC and nvram; 'u' udmabuf and uvcvideo).
 */
export interface SharedUapi {
  /** A SUBSYSTEMS id or a CORE_INTERFACES id. */
  subsystem: SubsystemId | string;
  /**
   * The header as userspace includes it (`linux/videodev2.h`), matched at the end of the
   * defining file's path (`/usr/include/linux/videodev2.h`, `include/uapi/linux/videodev2.h`);
   * `*` for any header (V4L2's driver-private range, whatever header a driver puts it in).
   */
  header: string;
  /** The magic (`_IOC_TYPE`) as a number: `'V'` is 0x56. */
  magic: number;
  /** Inclusive range of numbers; absent: every number. */
  nr?: [number, number];
  /** Why this is the subsystem's own: "V4L2's driver-private range (BASE_VIDIOC_PRIVATE, 192-255)". */
  note: string;
}

/**
 * A kernel interface that is not a device class a private driver would be sent to, but whose
 * uAPI is shared and reviewed in its own right (the VFS, the block layer, the networking core,
 * KVM...): the ioctls of its headers are not custom either. SHARED_UAPI rows name these ids
 * as well as SUBSYSTEMS ids.
 */
export interface CoreInterface {
  id: string;
  /** `Block layer and block drivers` */
  title: string;
  documentation: KernelDocument[];
}

/** Documentation/X/Y.rst is https://docs.kernel.org/X/Y.html. */
function kdoc(path: string, says: string): KernelDocument {
  return { path, url: `https://docs.kernel.org/${path.replace(/^Documentation\//, '').replace(/\.rst$/, '.html')}`, says };
}

/** Evidence words: `w('LUX', 3)`, `w('PERIOD', 2, ['member'])`. */
function w(word: string, weight: 1 | 2 | 3 = 2, sources?: SubsystemEvidenceSource[]): SubsystemWord {
  return sources ? { word, weight, sources } : { word, weight };
}

/** A word that gives the whole device's class away (see SubsystemWord.defines). */
function whole(word: string): SubsystemWord {
  return { word, weight: 3, defines: true };
}

const BUFFERS: PurposeId[] = ['buffer-alloc', 'buffer-free', 'buffer-mmap', 'buffer-export', 'buffer-import', 'buffer-cache-sync'];

export const SUBSYSTEMS: readonly Subsystem[] = [
  {
    id: 'drm-accel',
    title: 'DRM compute accelerators (accel)',
    family: 'accel-subsystem',
    classes: ['AI/ML inference and training accelerators', 'NPUs and TPUs', 'compute engines that take jobs through command queues'],
    userspace:
      "/dev/accel/accelN (major 261) with the DRM core ioctls (GEM handles, PRIME dma-buf export and import, syncobjs) and the driver's DRM_IOCTL_* commands in the DRM number space, plus /sys/class/accel",
    become: 'a DRM driver with DRIVER_COMPUTE_ACCEL in its driver_features, opened through DEFINE_DRM_ACCEL_FOPS and registered with drm_dev_register(), under drivers/accel',
    covers: [
      {
        does: "is part of an accelerator's job model",
        advice: 'the DRM core and the accel subsystem already give buffers (GEM, PRIME), completion (syncobj, sync_file) and a driver number space for the rest',
      },
    ],
    documentation: [
      kdoc(
        'Documentation/accel/introduction.rst',
        'Makes the accel subsystem the common home of compute accelerators: a DRM device type with its own major number, /dev/accel nodes and drivers/accel, reusing DRM code; a driver joins by setting DRIVER_COMPUTE_ACCEL.',
      ),
      kdoc(
        'Documentation/gpu/drm-uapi.rst',
        'Sets the bar for new DRM (and so accel) uAPI: open-source userspace that uses it, reviewed and ready to merge alongside the kernel patches.',
      ),
    ],
    precedent:
      'habanalabs entered the kernel as a drivers/misc driver with its own ioctls (misc/habanalabs.h) and moved to drivers/accel in Linux 6.3, its header becoming drm/habanalabs_accel.h.',
    evidence: [
      w('SUBMIT', 2), w('JOB', 2), w('EXEC', 2), w('EXECUTE', 2, ['name', 'struct']), w('EXECBUF', 3), w('EXECBUFFER', 3), w('CS', 1, ['name']), w('WAIT_CS', 3),
      w('CTX', 2), w('CONTEXT', 1), w('HWCTX', 3), w('BO', 3), w('GEM', 3), w('VM_BIND', 3), w('SYNCOBJ', 3), w('FENCE', 2),
      w('CMDQ', 2), w('CMDBUF', 2), w('COMMAND_BUFFER', 2), w('ENGINE', 1), w('NPU', 3), w('TPU', 3), w('INFERENCE', 3),
      w('ACCEL', 1), w('ACCELERATOR', 2), w('GPU', 3), w('GPUVA', 3), w('SHADER', 3),
    ],
    notDrm: [],
    registers: ['DRIVER_COMPUTE_ACCEL', 'DEFINE_DRM_ACCEL_FOPS', 'accel_open', 'drm_dev_register'],
    folders: ['drivers/gpu/drm/', 'drivers/accel/'],
  },
  {
    id: 'drm-kms',
    title: 'DRM display drivers (KMS)',
    family: 'subsystem-display',
    classes: ['display controllers and their outputs (LCD, LVDS, DVI, HDMI, TV-out)', 'framebuffer devices (fbdev drivers)', 'small panels driven over SPI or I2C'],
    userspace:
      "/dev/dri/cardN with kernel mode setting: CRTCs, planes, encoders and connectors (DRM_IOCTL_MODE_GETRESOURCES, GETCONNECTOR with the connector's modes and EDID), their properties set in one atomic commit (DRM_IOCTL_MODE_ATOMIC), framebuffers from dumb buffers (DRM_IOCTL_MODE_ADDFB2) and vblank and page-flip events read from the DRM fd; /dev/fbN stays through DRM's fbdev emulation",
    become:
      'a DRM driver with DRIVER_MODESET and DRIVER_ATOMIC, its pipeline initialised with drmm_mode_config_init() as planes, CRTCs, encoders and connectors (drm_simple_display_pipe_init() for a one-plane display), and /dev/fbN from its fbdev emulation (drm_fbdev_dma_setup(), drm_fbdev_shmem_setup())',
    covers: [
      { purposes: ['wait', 'event-notify'], does: 'waits for vertical blank or a display event', advice: 'DRM_IOCTL_WAIT_VBLANK and the vblank and page-flip events read from the DRM fd already do this' },
      { purposes: ['config-power'], does: 'sets a display mode, output, mirroring or blanking', advice: "KMS already does this: a mode on a CRTC, outputs as connectors, and every other setting as a property of a connector, CRTC or plane, set in one atomic commit (DPMS is a connector property)" },
      { purposes: ['query-info', 'stats'], does: 'reads display, output or mode information', advice: "KMS objects and their properties already do this (DRM_IOCTL_MODE_GETRESOURCES, DRM_IOCTL_MODE_GETCONNECTOR with the connector's modes and its EDID blob)" },
      { purposes: [...BUFFERS, 'memory-map-device'], does: 'allocates, maps or shares a framebuffer or overlay', advice: 'dumb buffers or GEM objects made framebuffers by DRM_IOCTL_MODE_ADDFB2, shown on planes (an overlay is a plane) and shared with PRIME, already do this' },
      { does: "is part of a display driver's interface", advice: 'a DRM/KMS driver already does this through planes, CRTCs, connectors and their properties, and keeps /dev/fbN working through its fbdev emulation' },
    ],
    documentation: [
      kdoc(
        'Documentation/gpu/drm-kms.rst',
        'Describes kernel mode setting: a display pipeline of planes, CRTCs, encoders and connectors scanning out framebuffers, configured through properties and atomic commits, set up with drmm_mode_config_init().',
      ),
      kdoc(
        'Documentation/gpu/drm-kms-helpers.rst',
        'Includes the fbdev helpers, which give a KMS driver an fbdev device on top of its mode setting (the fbdev emulation for TTM, SHMEM and DMA memory managers), so /dev/fbN users keep working.',
      ),
      kdoc('Documentation/fb/api.rst', 'Describes the fbdev API (FBIOGET_VSCREENINFO and the other FBIO* ioctls) that fbdev drivers answer; the 6.12 FB_DEVICE Kconfig help calls /dev/fb* the legacy device.'),
      kdoc(
        'Documentation/gpu/drm-uapi.rst',
        'Sets the bar for new DRM uAPI, display properties included: open-source userspace that uses it, reviewed and ready to merge alongside the kernel patches.',
      ),
    ],
    precedent:
      "The SSD1306/1307 OLED panels' fbdev driver (drivers/video/fbdev/ssd1307fb.c) got a DRM successor, drivers/gpu/drm/solomon/ssd130x.c ('Based on drivers/video/fbdev/ssd1307fb.c', with drm_fbdev_shmem_setup() for /dev/fbN); the staging fbtft drivers' to-do file in 6.12 (drivers/staging/fbtft/TODO) asks for them to be converted to drm_simple_display_pipe because 'fbdev doesn't take any new drivers anymore'.",
    evidence: [
      w('FRAMEBUFFER', 3), w('FBIO', 3, ['name']), { word: 'FB', weight: 2, sources: ['name', 'struct', 'file'], suffix: true },
      w('VSYNC', 3), w('HSYNC', 3), w('VBLANK', 3), w('CRTC', 3), w('EDID', 3), w('DPMS', 3), w('CMAP', 3), w('SCANOUT', 3), w('PAGE_FLIP', 3), w('PAGEFLIP', 3),
      w('PIXCLOCK', 3, ['member']), w('XRES', 3, ['member']), w('YRES', 3, ['member']), w('LVDS', 3), w('DVI', 3), w('TVOUT', 3),
      w('LCD', 2), w('OVERLAY', 2, ['name', 'struct']), w('PALETTE', 2), w('CURSOR', 1, ['name']), w('MIRROR', 1, ['name']), w('PANEL', 1, ['name']),
      // a seven-segment or character display is auxdisplay's, not a framebuffer's: DISPLAY alone says little
      w('DISPLAY', 1, ['name', 'struct']),
    ],
    // a framebuffer or an overlay is scanned out to a display, not a job's buffer
    notDrm: ['FRAMEBUFFER', 'FBIO', 'VSYNC', 'VBLANK', 'CRTC', 'SCANOUT', 'OVERLAY'],
    // a DRM display driver is DRM's already, by its folder and its number space, so that
    // drivers/gpu/drm/ stays one answer; and fbdev's folder is no display's alone: it also holds
    // a 2D engine's misc device (pxa3xx-gcu), which is not a display's
    registers: [],
  },
  {
    id: 'iio',
    title: 'Industrial I/O (IIO)',
    family: 'subsystem-sensors',
    classes: [
      'ADCs and DACs', 'accelerometers, gyroscopes and IMUs', 'magnetometers', 'ambient light, colour and proximity sensors',
      'pressure, humidity and gas sensors', 'digital potentiometers and frequency synthesisers',
    ],
    userspace:
      'channel attributes under /sys/bus/iio/devices/iio:deviceN (in_illuminance_raw, in_accel_x_raw, their _scale and _offset, sampling_frequency), buffered samples and events on /dev/iio:deviceN (IIO_GET_EVENT_FD_IOCTL, IIO_BUFFER_GET_FD_IOCTL), and triggers',
    become: 'an IIO driver registered with devm_iio_device_register(), its readings as channels with their scale and its settings as channel attributes',
    covers: [
      { purposes: ['query-info', 'stats'], does: 'reads a sensor value', advice: 'IIO channels (`in_illuminance_raw` with `in_illuminance_scale`, `in_accel_x_raw`...) already do this, in units userspace knows' },
      { purposes: ['config-power'], does: 'sets a sampling rate, gain or range', advice: 'IIO channel attributes (`sampling_frequency`, `_scale`, `_calibbias`, `oversampling_ratio`) already do this' },
      { purposes: ['event-notify', 'wait'], does: 'reports threshold or data-ready events', advice: 'IIO events (the fd IIO_GET_EVENT_FD_IOCTL returns) and IIO triggers already do this' },
      { purposes: [...BUFFERS, 'submit'], does: 'streams samples to userspace', advice: 'IIO buffers (/dev/iio:deviceN with scan_elements, and dma-buf attachment since 6.11) already do this' },
      { does: 'is part of a sensor interface', advice: 'an IIO driver already does this through standard channels and attributes (`in_<type>_raw`, `_scale`, `sampling_frequency`) that libiio and iio-sensor-proxy read' },
    ],
    documentation: [
      kdoc(
        'Documentation/driver-api/iio/intro.rst',
        'Names IIO as the subsystem for ADCs, DACs, accelerometers, gyroscopes, IMUs, light, proximity, pressure and magnetic sensors, between hwmon (slow sensors that monitor the system) and input (human interaction).',
      ),
    ],
    precedent:
      'drivers/misc/bmp085.c and drivers/misc/ti_dac7512.c gave way to IIO drivers: in 6.12 drivers/iio/pressure/bmp280-i2c.c matches "bosch,bmp085" and drivers/iio/dac/ad5446.c matches "ti,dac7512".',
    evidence: [
      w('IIO', 3), w('LUX', 3), w('ILLUMINANCE', 3), w('ALS', 3), w('AMBIENT_LIGHT', 3), w('PROXIMITY', 3),
      w('ACCELEROMETER', 3), w('ACCELERATION', 3), w('GYRO', 3), w('GYROSCOPE', 3), w('IMU', 3), w('MAGN', 3), w('MAGNETOMETER', 3),
      w('COMPASS', 3), w('BARO', 3), w('BAROMETER', 3), w('PRESSURE', 2), w('HUMIDITY', 3), w('ADC', 2), w('DAC', 1),
      w('SAMPLING_FREQUENCY', 3), w('OVERSAMPLING', 2), w('CALIBBIAS', 3), w('CALIBSCALE', 3), w('INTEGRATION_TIME', 3),
      w('POTENTIOMETER', 3), w('SCALE', 1, ['name']), w('GAIN', 1, ['member']), w('CHANNEL', 1, ['name']), w('SENSOR', 1, ['name']),
    ],
    notDrm: ['IIO', 'LUX', 'ILLUMINANCE', 'ALS', 'PROXIMITY', 'ACCELEROMETER', 'GYRO', 'MAGNETOMETER', 'ADC', 'DAC', 'SAMPLING', 'OVERSAMPLING', 'CALIBBIAS', 'CALIBSCALE'],
    registers: ['devm_iio_device_register', 'iio_device_register', 'devm_iio_device_alloc', 'devm_iio_triggered_buffer_setup', 'iio_info'],
    folders: ['drivers/iio/', 'drivers/staging/iio/'],
  },
  {
    id: 'input',
    title: 'Input (evdev) and HID',
    family: 'subsystem-input',
    classes: [
      'keyboards, keypads, buttons and hotkeys', 'mice, touchpads, touchscreens and styluses', 'joysticks and gamepads',
      'switches (lid, dock, tablet mode)', 'vibration and force-feedback motors', 'HID devices',
    ],
    userspace: '/dev/input/eventN (struct input_event reads, EVIOC* ioctls), /dev/uinput for devices emulated in userspace, and /dev/hidrawN for raw HID reports',
    become: 'an input driver registered with input_register_device(), its events as standard EV_KEY, EV_ABS and EV_SW codes (or a HID driver started with hid_hw_start())',
    covers: [
      { purposes: ['event-notify', 'wait'], does: 'delivers key, button or touch events', advice: '/dev/input/eventN already does this: read() returns struct input_event with the standard codes of input-event-codes.h' },
      { purposes: ['query-info'], does: 'reads which keys, axes or switches a device has, or their state', advice: 'EVIOCGBIT, EVIOCGKEY, EVIOCGSW and EVIOCGABS on /dev/input/eventN already do this' },
      { purposes: ['config-power'], does: 'remaps keys or sets a hotkey mode', advice: 'EVIOCSKEYCODE and the keymap (hwdb, udev) already do this' },
      { does: "is part of an input device's interface", advice: 'an input device registered with input_register_device() already does this through /dev/input/eventN, which every desktop stack reads' },
    ],
    documentation: [
      kdoc(
        'Documentation/input/input.rst',
        'Describes the input core, where drivers report events once and evdev passes them to programs as /dev/input/eventN with hardware-independent codes; evdev is the interface userspace is asked to use.',
      ),
      kdoc(
        'Documentation/input/input-programming.rst',
        'Shows a driver allocating an input_dev, declaring the event codes it can send, registering it with input_register_device() and reporting with input_report_key() and input_sync().',
      ),
    ],
    precedent:
      'drivers/char/sonypi.c (6.12) registers its jog dial and keys as input devices with input_register_device(), beside the private /dev/sonypi node kept from its older design.',
    evidence: [
      w('KEYCODE', 3), w('SCANCODE', 3), w('KEYMAP', 3), w('HOTKEY', 3), w('HOTKEYS', 3), w('KEYBOARD', 3), w('KEYPAD', 3),
      w('TOUCHSCREEN', 3), w('TOUCHPAD', 3), w('TOUCH', 2), w('STYLUS', 3), w('JOYSTICK', 3), w('GAMEPAD', 3), w('MOUSE', 3),
      w('BUTTON', 2), w('BUTTONS', 2), w('EVDEV', 3), w('HIDRAW', 3), w('HID', 2), w('RUMBLE', 3), w('FORCE_FEEDBACK', 3),
      w('HAPTIC', 2), w('VIBRATOR', 3), w('JOG', 2), w('LID', 2), w('TABLET_MODE', 3),
      // a convertible's tablet mode is the input switch SW_TABLET_MODE; a drawing tablet is an input device
      w('TABLET', 2, ['name', 'struct', 'member', 'value']), w('INPUT', 1, ['name']),
    ],
    notDrm: ['KEYCODE', 'SCANCODE', 'KEYMAP', 'HOTKEY', 'KEYBOARD', 'TOUCH', 'TOUCHSCREEN', 'JOYSTICK', 'BUTTON', 'MOUSE'],
    registers: ['input_register_device', 'devm_input_allocate_device', 'input_allocate_device', 'input_ff_create_memless', 'hid_hw_start'],
    folders: ['drivers/input/'],
  },
  {
    id: 'hwmon',
    title: 'Hardware monitoring (hwmon)',
    family: 'subsystem-sensors',
    classes: ['board and chip temperature sensors', 'fan tachometers and fan speed controllers', 'voltage, current, power and energy monitors', 'chassis intrusion detectors'],
    userspace:
      'sysfs attributes under /sys/class/hwmon/hwmonN (tempN_input, fanN_input, pwmN, inN_input, currN_input, powerN_input, with _min, _max, _crit and _alarm), read by libsensors; no ioctls',
    become: 'a hwmon driver registered with devm_hwmon_device_register_with_info(), its readings as the standard tempN_, fanN_ and inN_ attributes',
    covers: [
      { purposes: ['query-info', 'stats'], does: 'reads a temperature, fan speed or voltage', advice: "hwmon's standard attributes (`tempN_input`, `fanN_input`, `inN_input`, `powerN_input`) already do this" },
      { purposes: ['config-power'], does: 'sets a fan speed or a limit', advice: "hwmon's `fanN_input` and `pwmN` attributes (with `pwmN_enable`, `fanN_target`, `tempN_max`, `tempN_crit`) already do this" },
      { purposes: ['event-notify'], does: 'reports a limit being crossed', advice: "hwmon's `_alarm` attributes, notified through sysfs and uevents, already do this" },
      { does: 'is part of a hardware-monitoring interface', advice: "hwmon's standard sysfs attributes already do this, and libsensors reads them with no changes" },
    ],
    documentation: [
      kdoc(
        'Documentation/hwmon/sysfs-interface.rst',
        'Fixes the attribute names and units every hwmon driver exposes; libsensors is chip-independent because it assumes all drivers implement this standard interface.',
      ),
      kdoc(
        'Documentation/hwmon/submitting-patches.rst',
        'Asks hwmon drivers not to add non-standard attributes unless really needed, and to discuss any they believe they need on the mailing list first.',
      ),
      kdoc(
        'Documentation/hwmon/hwmon-kernel-api.rst',
        'Documents devm_hwmon_device_register_with_info() and the chip description (hwmon_chip_info, hwmon_ops) from which the core creates the standard attributes.',
      ),
    ],
    precedent:
      "Dell's i8k driver (drivers/char/i8k.c, ioctls in linux/i8k.h) became drivers/hwmon/dell-smm-hwmon.c; Documentation/ABI/obsolete/procfs-i8k says the driver now uses the standard hwmon sysfs interface and deprecates /proc/i8k.",
    evidence: [
      w('HWMON', 3), w('FAN', 3), w('FANS', 3), w('RPM', 3), w('TACH', 3), w('TACHOMETER', 3), w('TEMPERATURE', 3), w('TEMP', 2),
      w('THERMISTOR', 2), w('VOLTAGE', 2), w('VOLT', 2), w('MILLIVOLT', 2), w('MILLIDEGREE', 3), w('CURRENT', 1, ['member']), w('ENERGY', 2),
      w('POWER', 1, ['member']), w('CRIT', 2), w('HYST', 2), w('HYSTERESIS', 2), w('INTRUSION', 3), w('PWM', 2), w('SPEED', 1, ['name']), w('SENSOR', 1, ['name']),
      w('SENSORS', 1, ['name']),
    ],
    notDrm: ['HWMON', 'FAN', 'RPM', 'TACH', 'TEMPERATURE', 'TEMP', 'VOLTAGE', 'HYSTERESIS'],
    registers: ['devm_hwmon_device_register_with_info', 'hwmon_device_register_with_info', 'devm_hwmon_device_register_with_groups', 'hwmon_device_register_with_groups', 'hwmon_ops'],
    folders: ['drivers/hwmon/'],
  },
  {
    id: 'v4l2',
    title: 'Video4Linux2 and the media subsystem (V4L2, media controller, CEC, DVB, RC)',
    family: 'subsystem-media',
    classes: [
      'cameras and camera sensors', 'image signal processors (ISPs)', 'video capture and output devices', 'hardware video codecs (memory-to-memory)',
      'TV tuners, radio and DVB receivers', 'HDMI CEC adapters and infrared remote receivers',
    ],
    userspace:
      '/dev/videoN with VIDIOC_* ioctls (formats, controls, buffer queues), /dev/v4l-subdevN, /dev/mediaN for the media graph, /dev/cecN, /dev/lircN and /dev/dvb/adapterN, as libcamera, GStreamer and v4l-utils use them',
    become: 'a V4L2 driver registered with video_register_device() (a sensor with v4l2_async_register_subdev()), its settings as V4L2 controls and its frames through videobuf2 queues',
    covers: [
      { purposes: [...BUFFERS, 'submit', 'wait'], does: 'queues or dequeues frame buffers', advice: 'videobuf2 through VIDIOC_REQBUFS, VIDIOC_QBUF/VIDIOC_DQBUF, VIDIOC_EXPBUF and VIDIOC_STREAMON already does this' },
      { purposes: ['config-power', 'query-info'], does: 'reads or sets exposure, gain, format or frame rate', advice: 'V4L2 controls (VIDIOC_S_EXT_CTRLS with V4L2_CID_EXPOSURE, V4L2_CID_ANALOGUE_GAIN...) and VIDIOC_S_FMT/VIDIOC_S_PARM already do this' },
      { purposes: ['stats', 'event-notify'], does: 'reports statistics or events', advice: 'V4L2 events (VIDIOC_DQEVENT) and metadata capture nodes for ISP statistics already do this' },
      { does: "is part of a video device's interface", advice: 'the V4L2 API already does this; what is left goes into a documented V4L2 control or, at most, the driver-private VIDIOC numbers from BASE_VIDIOC_PRIVATE, reviewed on linux-media' },
    ],
    documentation: [
      kdoc(
        'Documentation/userspace-api/media/index.rst',
        "The media subsystem's uAPI book: V4L2, the media controller, DVB, remote controllers and CEC, the interfaces programs use for every capture, codec, tuner and camera driver.",
      ),
      kdoc(
        'Documentation/driver-api/media/camera-sensor.rst',
        'Tells camera sensor drivers how to expose clocks, power sequencing, frame timing and exposure through the V4L2 sub-device API and standard controls.',
      ),
    ],
    precedent:
      'drivers/staging/media/atomisp/TODO (6.12) lists removing or disabling its private ioctls and custom controls among the things that must be fixed before the driver can leave staging.',
    evidence: [
      w('V4L2', 3), w('VIDIOC', 3), w('FOURCC', 3), w('PIXELFORMAT', 3), w('PIXEL_FORMAT', 3), w('BYTESPERLINE', 3), w('FRAME', 1, ['name', 'member']),
      w('FRAMERATE', 3), w('FPS', 2), w('STREAMON', 3), w('STREAMOFF', 3), w('QBUF', 3), w('DQBUF', 3), w('REQBUFS', 3),
      w('CAMERA', 3), w('EXPOSURE', 3), w('WHITE_BALANCE', 3), w('AUTOFOCUS', 3), w('ISP', 3), w('CROP', 2), w('TUNER', 3),
      w('DVB', 3), w('CEC', 3), w('SUBDEV', 3), w('H264', 3), w('HEVC', 3), w('MJPEG', 3), w('LIRC', 3), w('VIDEO', 1), w('SENSOR', 1, ['name']),
    ],
    notDrm: ['V4L2', 'VIDIOC', 'FRAME', 'FOURCC', 'PIXELFORMAT', 'QBUF', 'DQBUF', 'STREAMON', 'STREAMOFF', 'REQBUFS', 'CAMERA', 'EXPOSURE', 'ISP', 'SENSOR', 'TUNER'],
    registers: ['video_register_device', 'v4l2_device_register', 'v4l2_async_register_subdev', 'media_device_register', 'vb2_queue_init'],
    folders: ['drivers/media/', 'drivers/staging/media/'],
  },
  {
    id: 'alsa',
    title: 'ALSA and ASoC (sound)',
    family: 'subsystem-audio',
    classes: ['PCM playback and capture devices', 'mixers, amplifiers and audio codecs', 'audio DSPs with compressed offload', 'MIDI and sequencer devices'],
    userspace:
      '/dev/snd/pcmCxDy, controlCx (mixer controls), comprCxDy (compressed offload), midiCxDy, timer and hwCxDy (hwdep, for driver-specific commands), through alsa-lib and UCM',
    become: 'an ALSA driver (or ASoC components and a card) registered with snd_card_register() or devm_snd_soc_register_card(), its settings as kcontrols',
    covers: [
      { purposes: ['config-power', 'query-info'], does: 'sets volume, mute or routing, or reads a jack', advice: 'ALSA kcontrols on /dev/snd/controlCx (amixer, UCM) already do this' },
      { purposes: ['buffer-alloc', 'buffer-mmap', 'submit', 'wait', 'event-notify'], does: 'moves audio samples or waits for a period', advice: 'the ALSA PCM interface (hw_params, the mmap ring buffer, period wake-ups) already does this' },
      { purposes: ['firmware'], does: 'loads DSP firmware or a topology', advice: 'ASoC topology with request_firmware(), or a hwdep device, already does this' },
      { does: "is part of a sound device's interface", advice: "ALSA PCM and control devices already do this; anything left belongs on a hwdep device, ALSA's channel for driver-specific commands, reviewed on alsa-devel" },
    ],
    documentation: [
      kdoc(
        'Documentation/sound/designs/compress-offload.rst',
        'Defines the compressed-data API (/dev/snd/comprCxDy) for DSPs that decode or encode audio themselves, so that offload engines share one ALSA interface.',
      ),
      kdoc(
        'Documentation/sound/kernel-api/writing-an-alsa-driver.rst',
        'Walks through an ALSA driver: create the card with snd_card_new(), add PCM and control components, register with snd_card_register(); mixer settings become controls.',
      ),
    ],
    precedent:
      "Intel's staging intel_sst driver had private stream ioctls (SNDRV_SST_STREAM_*); the compressed-offload API was designed from that experience, as Documentation/sound/designs/compress-offload.rst says.",
    evidence: [
      w('PCM', 3), w('AUDIO', 3), w('SOUND', 2), w('SND', 2), w('MIXER', 3), w('VOLUME', 1, ['name']), w('MUTE', 2), w('JACK', 2),
      w('SAMPLERATE', 3), w('SAMPLE_RATE', 3), w('PERIOD_SIZE', 3), w('MIDI', 3), w('SPDIF', 3), w('I2S', 3), w('TDM', 2), w('DAI', 3),
      w('ASOC', 3), w('HWDEP', 3), w('SPEAKER', 3), w('MICROPHONE', 3), w('MIC', 2), w('HEADPHONE', 3), w('HEADSET', 3),
      w('UNDERRUN', 3), w('XRUN', 3), w('CODEC', 1, ['name']), w('DSP', 1, ['name']), w('CHANNEL', 1, ['name']), w('CHANNELS', 1, ['name']),
    ],
    notDrm: ['PCM', 'AUDIO', 'MIXER', 'MUTE', 'SAMPLERATE', 'MIDI', 'SPDIF', 'HWDEP', 'SPEAKER', 'MICROPHONE'],
    registers: ['snd_card_new', 'snd_card_register', 'snd_pcm_new', 'devm_snd_soc_register_component', 'devm_snd_soc_register_card', 'snd_soc_register_card'],
  },
  {
    id: 'gpio',
    title: 'GPIO',
    family: 'subsystem-board-io',
    classes: ['GPIO controllers and expanders', 'general-purpose input and output lines and their edge events'],
    userspace: '/dev/gpiochipN with the GPIO_V2_* ioctls of linux/gpio.h (line requests, values, edge events), as libgpiod uses it; /sys/class/gpio is obsolete',
    become: 'a GPIO chip registered with devm_gpiochip_add_data(), whose lines kernel drivers and /dev/gpiochipN then share',
    covers: [
      { purposes: ['config-power', 'query-info'], does: 'sets or reads pin levels, direction or bias', advice: 'GPIO_V2_GET_LINE_IOCTL and GPIO_V2_LINE_SET_VALUES_IOCTL on /dev/gpiochipN already do this' },
      { purposes: ['event-notify', 'wait'], does: 'waits for a pin edge', advice: 'edge events read from a GPIO line request (GPIO_V2_LINE_FLAG_EDGE_RISING/FALLING) already do this' },
      { does: 'is part of a GPIO interface', advice: 'a gpio_chip registered with devm_gpiochip_add_data() already does this, for kernel consumers and for /dev/gpiochipN' },
    ],
    documentation: [
      kdoc(
        'Documentation/driver-api/gpio/using-gpio.rst',
        'Keeps the GPIO userspace ABI for one-off equipment and says it must never be used to cut corners in products: a device with its own logic gets a proper kernel driver.',
      ),
      kdoc(
        'Documentation/userspace-api/gpio/chardev.rst',
        'Documents /dev/gpiochipN (v2, linux/gpio.h) and warns against driving hardware from userspace that a kernel driver or another subsystem (SPI, I2C, PWM, 1-Wire) already serves.',
      ),
      kdoc(
        'Documentation/driver-api/gpio/driver.rst',
        'Describes struct gpio_chip and gpiochip_add_data(), through which a controller offers its lines to every GPIO consumer.',
      ),
    ],
    precedent: 'drivers/misc/mchp_pci1xxxx (6.12) offers its GPIO block through devm_gpiochip_add_data() in mchp_pci1xxxx_gpio.c rather than through a node of its own.',
    evidence: [
      w('GPIO', 3), w('GPIOS', 3), w('GPIOCHIP', 3), w('PINS', 2), w('PIN', 1, ['name']), w('OPEN_DRAIN', 3), w('OPEN_SOURCE', 2),
      w('PULL_UP', 3), w('PULLUP', 3), w('PULL_DOWN', 3), w('PULLDOWN', 3), w('DEBOUNCE', 2), w('BIAS', 1, ['name']), w('BITBANG', 2),
      w('EXPANDER', 2), w('DIRECTION', 1, ['name']),
    ],
    notDrm: ['GPIO', 'GPIOS', 'PINS', 'PULLUP', 'PULLDOWN', 'DEBOUNCE'],
    registers: ['devm_gpiochip_add_data', 'gpiochip_add_data', 'gpiochip_get_data'],
    folders: ['drivers/gpio/'],
  },
  {
    id: 'led',
    title: 'LED class',
    family: 'subsystem-board-io',
    classes: ['indicator and status LEDs', 'RGB and multicolour LEDs', 'camera flash and torch LEDs'],
    userspace: '/sys/class/leds/<name>/ with brightness, max_brightness and trigger (timer, heartbeat, netdev...), multi_intensity for multicolour LEDs, and flash_brightness and flash_strobe for flash LEDs',
    become: 'an LED driver registered with devm_led_classdev_register() (devm_led_classdev_flash_register_ext() for flash, devm_led_classdev_multicolor_register_ext() for RGB)',
    covers: [
      { purposes: ['config-power', 'query-info'], does: "sets an LED's brightness, colour or blinking", advice: "the LED class's `brightness` and `multi_intensity`, and the timer trigger's `delay_on`/`delay_off`, already do this" },
      { does: 'is part of an LED interface', advice: 'an LED class device (/sys/class/leds) already does this, with triggers that tie the LED to kernel events' },
    ],
    documentation: [
      kdoc(
        'Documentation/leds/leds-class.rst',
        'Describes /sys/class/leds: brightness from 0 to max_brightness, and triggers through which kernel events drive an LED.',
      ),
      kdoc(
        'Documentation/leds/leds-class-flash.rst',
        'Extends the LED class to flash LEDs: flash brightness, timeout and strobe in sysfs, and V4L2 flash controls through the v4l2-flash-led-class wrapper.',
      ),
    ],
    evidence: [
      w('LED', 3), w('LEDS', 3), w('BRIGHTNESS', 3), w('MAX_BRIGHTNESS', 3), w('BLINK', 3), w('BLINKING', 3), w('DELAY_ON', 3),
      w('DELAY_OFF', 3), w('FLASH_STROBE', 3), w('FLASH_TIMEOUT', 3), w('STROBE', 2), w('TORCH', 3), w('INDICATOR', 2),
      w('MULTICOLOR', 3), w('RGB', 1, ['name']), w('TRIGGER', 1, ['name']),
    ],
    notDrm: ['LED', 'LEDS', 'BRIGHTNESS', 'BLINK', 'TORCH'],
    registers: ['devm_led_classdev_register', 'led_classdev_register', 'devm_led_classdev_register_ext', 'devm_led_classdev_flash_register_ext', 'devm_led_classdev_multicolor_register_ext'],
    folders: ['drivers/leds/'],
  },
  {
    id: 'watchdog',
    title: 'Watchdog',
    family: 'subsystem-time',
    classes: ['hardware watchdog timers', 'virtual and hypervisor watchdogs and stall detectors'],
    userspace: '/dev/watchdogN with WDIOC_* ioctls (WDIOC_KEEPALIVE, WDIOC_SETTIMEOUT, WDIOC_SETPRETIMEOUT, WDIOC_GETSTATUS) and /sys/class/watchdog, as systemd and watchdogd use them',
    become: 'a watchdog driver registered with devm_watchdog_register_device(), its start, stop, ping and set_timeout in struct watchdog_ops',
    covers: [
      { purposes: ['config-power'], does: 'sets the watchdog timeout or enables it', advice: 'WDIOC_SETTIMEOUT, WDIOC_SETPRETIMEOUT and WDIOC_SETOPTIONS on /dev/watchdogN already do this' },
      { purposes: ['reset', 'query-info'], does: 'pets the watchdog or reads why the system was reset', advice: 'WDIOC_KEEPALIVE and WDIOC_GETBOOTSTATUS on /dev/watchdogN already do this' },
      { does: 'is part of a watchdog interface', advice: 'the watchdog core (/dev/watchdogN, WDIOC_*) already does this; new drivers are not to invent private ioctls' },
    ],
    documentation: [
      kdoc(
        'Documentation/watchdog/convert_drivers_to_kernel_api.rst',
        "Says the watchdog core's ioctl hook exists for porting old drivers and that new drivers should not invent private ioctls.",
      ),
      kdoc(
        'Documentation/watchdog/watchdog-kernel-api.rst',
        'Documents watchdog_register_device() and struct watchdog_ops, through which the core gives every driver /dev/watchdogN and the standard WDIOC_* ioctls.',
      ),
      kdoc(
        'Documentation/watchdog/watchdog-api.rst',
        'The userspace side: keepalive by write or WDIOC_KEEPALIVE, timeouts, pretimeouts and status queries that every watchdog driver answers alike.',
      ),
    ],
    evidence: [
      w('WATCHDOG', 3), w('WDT', 3), w('WDOG', 3), w('WDIOC', 3), w('KEEPALIVE', 3), w('PRETIMEOUT', 3), w('NOWAYOUT', 3), w('PET', 2),
      w('BARK', 2), w('HEARTBEAT', 1, ['name']), w('TIMEOUT', 1, ['name']), w('KICK', 1, ['name']), w('PING', 1, ['name']),
      w('STALL', 1, ['name']),
    ],
    notDrm: ['WATCHDOG', 'WDT', 'WDOG', 'KEEPALIVE', 'PRETIMEOUT'],
    registers: ['watchdog_register_device', 'devm_watchdog_register_device', 'watchdog_init_timeout', 'watchdog_ops'],
    folders: ['drivers/watchdog/'],
  },
  {
    id: 'rtc',
    title: 'Real-time clock (RTC) class',
    family: 'subsystem-time',
    classes: ['battery-backed real-time clocks', 'wake-up alarms', 'RTC backup supplies and trickle chargers'],
    userspace:
      '/dev/rtcN with RTC_RD_TIME/RTC_SET_TIME, RTC_WKALM_RD/RTC_WKALM_SET, RTC_PARAM_GET/RTC_PARAM_SET and RTC_VL_READ, plus /sys/class/rtc/rtcN (wakealarm, offset), as hwclock uses them',
    become: 'an RTC driver allocated with devm_rtc_allocate_device() and registered with devm_rtc_register_device(), its operations in struct rtc_class_ops',
    covers: [
      { purposes: ['query-info', 'config-power'], does: 'reads or sets the time or an alarm', advice: 'RTC_RD_TIME, RTC_SET_TIME and RTC_WKALM_SET on /dev/rtcN already do this' },
      { purposes: ['event-notify', 'wait'], does: 'waits for an alarm', advice: 'read() and poll() on /dev/rtcN after RTC_AIE_ON, or the `wakealarm` attribute, already do this' },
      { does: "is part of a clock chip's interface", advice: 'the RTC class (/dev/rtcN, with RTC_PARAM_GET/RTC_PARAM_SET for backup-switch and correction settings and RTC_VL_READ for low voltage) already does this' },
    ],
    documentation: [
      kdoc(
        'Documentation/admin-guide/rtc.rst',
        'Explains the RTC framework: /dev/rtc0, /dev/rtc1... are offered by a wide range of RTC chips on every architecture through one ioctl API, unlike the PC-only /dev/rtc.',
      ),
    ],
    evidence: [
      w('RTC', 3), w('WAKEALARM', 3), w('ALARM', 2), w('CALENDAR', 2), w('TRICKLE', 2), w('TRICKLE_CHARGE', 3), w('MDAY', 3), w('WDAY', 3),
      w('YEAR', 1, ['name', 'member']), w('DATE', 1, ['name']), w('WAKETIME', 3), w('TIME', 1, ['name']),
      // Documentation/timers/hpet.rst: /dev/hpet's API resembles the RTC framework's
      w('HPET', 2), w('GET_TIME', 1, ['name']), w('SET_TIME', 1, ['name']),
    ],
    notDrm: ['RTC', 'ALARM', 'WAKEALARM', 'CALENDAR'],
    registers: ['devm_rtc_allocate_device', 'devm_rtc_register_device', 'devm_rtc_device_register', 'rtc_class_ops'],
    folders: ['drivers/rtc/'],
  },
  {
    id: 'pwm',
    title: 'PWM framework',
    family: 'subsystem-board-io',
    classes: ['PWM controllers', 'timers used as PWM outputs'],
    userspace:
      '/sys/class/pwm/pwmchipN/ (export, then pwmM/period, duty_cycle, polarity and enable); kernel consumers (backlights, fans, LEDs, motors) take the same PWM with pwm_get()',
    become: 'a PWM chip allocated with devm_pwmchip_alloc() and registered with devm_pwmchip_add(), its apply() in struct pwm_ops',
    covers: [
      { purposes: ['config-power', 'query-info'], does: 'sets a PWM period, duty cycle or polarity', advice: "the PWM framework's `period`, `duty_cycle`, `polarity` and `enable` attributes already do this, as pwm_apply_might_sleep() does for kernel consumers" },
      { does: 'is part of a PWM interface', advice: 'a PWM chip registered with devm_pwmchip_add() already does this, for sysfs and for kernel consumers' },
    ],
    documentation: [
      kdoc(
        'Documentation/driver-api/pwm.rst',
        'Makes the generic PWM framework mandatory for new PWM drivers, since a system can have several of them, and describes the sysfs interface it gives them.',
      ),
    ],
    precedent: 'drivers/misc/ab8500-pwm.c and drivers/misc/atmel_pwm.c gave way to drivers/pwm/pwm-ab8500.c and drivers/pwm/pwm-atmel.c, both in 6.12.',
    evidence: [w('PWM', 3), w('PWMCHIP', 3), w('DUTY_CYCLE', 3), w('DUTY', 2), w('DUTY_NS', 3), w('PERIOD', 2, ['member']), w('PERIOD_NS', 2, ['member']), w('POLARITY', 1), w('PRESCALER', 1), w('PULSE_WIDTH', 2)],
    notDrm: ['PWM', 'DUTY'],
    registers: ['devm_pwmchip_alloc', 'devm_pwmchip_add', 'pwmchip_alloc', 'pwmchip_add', 'pwm_ops'],
    folders: ['drivers/pwm/'],
  },
  {
    id: 'remoteproc',
    title: 'Remote processor framework (remoteproc)',
    family: 'subsystem-coprocessors',
    classes: ['DSPs, MCUs and other co-processors that run their own firmware', 'asymmetric multiprocessing cores on SoCs'],
    userspace: '/sys/class/remoteproc/remoteprocN/ (firmware, state, recovery, coredump) and /dev/remoteprocN (RPROC_SET_SHUTDOWN_ON_RELEASE); messages travel over rpmsg',
    become: 'a remoteproc driver allocated with devm_rproc_alloc() and registered with devm_rproc_add(), its start, stop and firmware handling in struct rproc_ops',
    covers: [
      { purposes: ['firmware', 'reset'], does: 'loads firmware into a co-processor, boots or restarts it', advice: "remoteproc's `firmware` and `state` attributes (start, stop) and its crash recovery already do this" },
      { purposes: ['debug-trace'], does: 'dumps a crashed co-processor', advice: 'remoteproc coredumps (devcoredump) and its trace buffers in debugfs already do this' },
      { does: 'is part of a co-processor interface', advice: 'remoteproc for the life cycle and rpmsg for messages already do this' },
    ],
    documentation: [
      kdoc(
        'Documentation/staging/remoteproc.rst',
        "Presents remoteproc as the common way to power on, load firmware into and power off an SoC's remote cores, hiding the hardware differences so one set of tools works for all.",
      ),
    ],
    precedent: "TI's staging tidspbridge, with its private DSP bridge ioctls, is gone; 6.12 drives OMAP DSPs through drivers/remoteproc/omap_remoteproc.c.",
    evidence: [
      w('REMOTEPROC', 3), w('RPROC', 3), w('COPROCESSOR', 3), w('CO_PROCESSOR', 3), w('MCU', 1, ['name']), w('ELF', 2), w('COREDUMP', 1), w('DSP', 1, ['name']),
      w('FIRMWARE', 1, ['name']), w('BOOT', 1, ['name']), w('LOAD_IMAGE', 2, ['name']), w('CRASH', 1, ['name']), w('RECOVERY', 1, ['name']),
    ],
    notDrm: ['REMOTEPROC', 'RPROC', 'COPROCESSOR', 'MCU'],
    registers: ['devm_rproc_alloc', 'devm_rproc_add', 'rproc_alloc', 'rproc_add', 'rproc_ops'],
    folders: ['drivers/remoteproc/'],
  },
  {
    id: 'rpmsg',
    title: 'Remote processor messaging (rpmsg)',
    family: 'subsystem-coprocessors',
    classes: ['message channels to co-processor firmware', 'inter-processor communication endpoints'],
    userspace: '/dev/rpmsg_ctrlN (RPMSG_CREATE_EPT_IOCTL, RPMSG_CREATE_DEV_IOCTL) and /dev/rpmsgN endpoints, read and written one message at a time (linux/rpmsg.h)',
    become: 'an rpmsg driver (module_rpmsg_driver()) bound to the channel the firmware announces, or a plain rpmsg_char endpoint when userspace speaks the protocol itself',
    covers: [
      { purposes: ['submit', 'wait', 'event-notify', 'context'], does: 'sends or receives a message to co-processor firmware', advice: 'an rpmsg endpoint (/dev/rpmsgN from RPMSG_CREATE_EPT_IOCTL, or an rpmsg driver calling rpmsg_send()) already does this' },
      { does: 'is part of a co-processor message interface', advice: 'rpmsg (module_rpmsg_driver(), rpmsg_char) already does this' },
    ],
    documentation: [
      kdoc(
        'Documentation/staging/rpmsg.rst',
        'Describes rpmsg, the bus over which drivers talk to the firmware of remote processors, each service a channel with its endpoints, so drivers do not each invent a transport.',
      ),
    ],
    precedent: 'rpmsg_char gained the generic "rpmsg-raw" channel (2021) so that firmware can offer userspace a /dev/rpmsgN without a driver of its own.',
    evidence: [
      w('RPMSG', 3), w('GLINK', 3), w('SMD', 2), w('ENDPOINT', 1, ['name']), w('EPT', 2), w('NAME_SERVICE', 2), w('REMOTE_PROCESSOR', 2),
      w('INTERPROCESSOR', 2), w('IPC', 2, ['name']), w('CHANNEL', 1, ['name']),
      // a remote processor's firmware offers named services, which rpmsg announces as channels
      w('SERVICE', 2, ['name']),
      // messages queued to and from another processor's services: IPC, which rpmsg carries
      w('MESSAGE', 2, ['name']),
    ],
    // a socket's verbs: endpoints that listen and accept are messaging, not an accelerator's jobs
    notDrm: ['RPMSG', 'EPT', 'LISTEN', 'ACCEPT', 'ACCEPTREQ', 'CONNECT'],
    registers: ['register_rpmsg_driver', 'module_rpmsg_driver', 'rpmsg_create_ept', 'rpmsg_send', 'rpmsg_driver'],
    folders: ['drivers/rpmsg/'],
  },
  {
    id: 'fpga',
    title: 'FPGA manager, regions and bridges (and DFL)',
    family: 'subsystem-fpga-firmware',
    classes: ['FPGA configuration and partial-reconfiguration engines', 'FPGA bridges and regions', 'FPGA PCIe cards on the Device Feature List (DFL) bus'],
    userspace:
      'bitstreams loaded through the FPGA manager (fpga_mgr_load(), device-tree overlays on an fpga-region), /sys/class/fpga_manager, fpga_region and fpga_bridge, and for DFL cards /dev/dfl-fme.N and /dev/dfl-port.N (linux/fpga-dfl.h)',
    become: 'an FPGA manager driver registered with devm_fpga_mgr_register(), its write_init, write and write_complete in struct fpga_manager_ops, with regions and bridges around it',
    covers: [
      { purposes: ['firmware', 'config-power', 'submit'], does: 'loads a bitstream', advice: 'the FPGA manager (`fpga_mgr_load()`, /sys/class/fpga_manager) already does this, with fpga-region for partial reconfiguration' },
      { purposes: ['query-info'], does: 'reads the FPGA state', advice: "the FPGA manager's `state` and `status` attributes already do this" },
      { does: 'is part of an FPGA interface', advice: 'the FPGA manager, regions and bridges (and DFL for PCIe FPGA cards) already do this' },
    ],
    documentation: [
      kdoc(
        'Documentation/driver-api/fpga/intro.rst',
        'Invites anyone adding a new FPGA, or a new way to program one, to use the FPGA subsystem, whose manager, bridge and region layers keep low-level programming code apart from the common framework.',
      ),
      kdoc(
        'Documentation/fpga/dfl.rst',
        'Describes DFL, the enumeration scheme of FPGA PCIe cards, with its FME and port devices and their ioctls for partial reconfiguration and accelerator function units.',
      ),
    ],
    precedent:
      'The FPGA subsystem was proposed in 2013 to unify FPGA drivers that each did the same things; 6.12 still carries an older-style loader, drivers/misc/lattice-ecp3-config.c.',
    evidence: [
      w('FPGA', 3), w('BITSTREAM', 3), w('BITFILE', 3), w('GATEWARE', 3), w('PARTIAL_RECONFIGURATION', 3), w('RECONFIG', 2),
      w('RECONFIGURATION', 2), w('DFL', 3), w('FME', 3), w('AFU', 1, ['name']), w('SELECTMAP', 3), w('JTAG', 2), w('FPGA_REGION', 3),
    ],
    notDrm: ['FPGA', 'BITSTREAM', 'BITFILE', 'DFL', 'FME'],
    registers: ['devm_fpga_mgr_register', 'fpga_mgr_register', 'devm_fpga_mgr_register_full', 'fpga_mgr_register_full', 'fpga_region_register', 'fpga_manager_ops'],
    folders: ['drivers/fpga/'],
  },
  {
    id: 'fw-upload',
    title: 'Firmware upload (firmware_upload) and devlink flash',
    family: 'subsystem-fpga-firmware',
    classes: ['persistent firmware and flash updates of a device', 'card and BMC firmware images'],
    userspace: '/sys/class/firmware/<name>/ (loading, data, status, error, remaining_size, cancel); network devices use `devlink dev flash` instead',
    become: 'a driver that calls firmware_upload_register() with struct fw_upload_ops (a network device implements devlink flash_update instead)',
    covers: [
      { purposes: ['firmware'], does: 'writes a firmware image to flash', advice: 'the firmware upload API (`firmware_upload_register()`, /sys/class/firmware/<name>/loading and data) already does this, with progress and cancel' },
      { purposes: ['query-info', 'stats'], does: 'reports update progress or errors', advice: "firmware upload's `status`, `error` and `remaining_size` attributes already do this" },
      { does: 'is part of a firmware-update interface', advice: 'firmware_upload_register(), or devlink flash for a network device, already does this' },
    ],
    documentation: [
      kdoc(
        'Documentation/driver-api/firmware/fw_upload.rst',
        "Documents firmware_upload_register(): a driver gets persistent sysfs files through which userspace writes an image and follows the transfer's status, validation being left to the driver or the device.",
      ),
      kdoc('Documentation/networking/devlink/devlink-flash.rst', "Describes devlink's flash update of device firmware, which replaced the older ethtool flashing path."),
    ],
    precedent:
      "Intel's FPGA card security manager went through several private class designs in review (2021) before becoming the generic firmware_upload API; in 6.12 drivers/fpga/intel-m10-bmc-sec-update.c calls firmware_upload_register().",
    evidence: [
      w('FW_UPDATE', 3), w('FIRMWARE_UPDATE', 3), w('FW_UPLOAD', 3), w('CAPSULE', 3), w('REMAINING_SIZE', 3), w('FLASH', 1, ['name', 'struct']), w('FW', 1, ['name']),
      w('FIRMWARE', 1, ['name']), w('FIRMWARE', 2, ['file']), w('IMAGE', 1, ['name']), w('UPDATE', 1, ['name']), w('STAGE', 1, ['name']), w('ACTIVATE', 1, ['name']),
    ],
    notDrm: ['FLASH', 'CAPSULE'],
    registers: ['firmware_upload_register', 'fw_upload_ops'],
  },
  {
    id: 'crypto',
    title: 'Kernel crypto API (AF_ALG) and hwrng',
    family: 'subsystem-security',
    classes: ['cipher, hash and AEAD engines', 'public-key and compression accelerators', 'hardware random number generators'],
    userspace: 'socket(AF_ALG, ...) with skcipher, hash, aead and rng sockets (linux/if_alg.h), NETLINK_CRYPTO for configuration, and /dev/hwrng, which also feeds the kernel pool',
    become:
      'a crypto driver that registers its algorithms with crypto_register_skcipher(), crypto_register_ahash(), crypto_register_aead() or crypto_register_acomp() (and an RNG with devm_hwrng_register())',
    covers: [
      { purposes: ['submit', 'wait'], does: 'encrypts, decrypts, hashes or compresses a buffer', advice: 'the crypto API already does this, for kernel users and for userspace through AF_ALG sockets' },
      { purposes: ['config-power', 'context'], does: 'sets a key or opens a crypto session', advice: 'setsockopt(ALG_SET_KEY) on an AF_ALG socket, or crypto_skcipher_setkey() in the kernel, already does this' },
      { purposes: ['query-info'], words: ['RNG', 'HWRNG', 'TRNG', 'RANDOM', 'ENTROPY', 'SEED'], does: 'reads random data or entropy', advice: '/dev/hwrng and the kernel pool (devm_hwrng_register()) already do this' },
      // AF_ALG and /proc/crypto describe algorithms and sockets; a card's status, its queues and
      // its request counters are nowhere in them (Documentation/crypto/userspace-if.rst)
      {
        purposes: ['query-info', 'stats'],
        none: true,
        does: 'asks about the crypto hardware itself',
        advice: "the crypto API's interfaces (AF_ALG sockets, /proc/crypto, NETLINK_CRYPTO) describe algorithms, not the hardware behind them: its cards, status, queues or request counts",
      },
      { does: "is part of a crypto engine's interface", advice: 'registering the algorithms with the kernel crypto API already does this, and AF_ALG gives userspace the same algorithms' },
    ],
    documentation: [
      kdoc(
        'Documentation/crypto/userspace-if.rst',
        "Describes AF_ALG, the socket interface through which userspace uses the kernel crypto API's ciphers, hashes and AEADs, as a consumer only: providers are kernel drivers.",
      ),
      kdoc(
        'Documentation/admin-guide/hw_random.rst',
        "Describes the hw_random framework: RNG drivers register with it, and it offers /dev/hwrng and feeds the kernel's entropy pool.",
      ),
    ],
    precedent:
      "The BSD-style /dev/crypto (cryptodev) never entered mainline, whose userspace crypto interface is AF_ALG; HiSilicon's zip engine (6.12) registers with crypto_register_acomp() for kernel users and with uacce for userspace queues.",
    evidence: [
      w('CRYPTO', 3), w('ZCRYPT', 3), w('PKEY', 3), w('CIPHER', 3), w('AES', 3), w('SHA', 3), w('SHA1', 3), w('SHA256', 3), w('SHA512', 3), w('HMAC', 3), w('AEAD', 3),
      w('SKCIPHER', 3), w('AKCIPHER', 3), w('RSA', 3), w('ECDSA', 3), w('ECDH', 3), w('ENCRYPT', 3), w('DECRYPT', 3), w('DIGEST', 2),
      w('HASH', 1, ['name']), w('RNG', 3), w('TRNG', 3), w('HWRNG', 3), w('ENTROPY', 2), w('DEFLATE', 2), w('ZLIB', 2), w('LZ4', 2),
      w('KEY', 1, ['name']), w('IV', 1, ['member']),
    ],
    notDrm: ['CRYPTO', 'CIPHER', 'AES', 'SHA', 'HMAC', 'AEAD', 'ENCRYPT', 'DECRYPT', 'RNG'],
    registers: ['crypto_register_skcipher', 'crypto_register_ahash', 'crypto_register_aead', 'crypto_register_acomp', 'crypto_engine_alloc_init', 'devm_hwrng_register'],
    folders: ['drivers/crypto/'],
  },
  {
    id: 'netlink',
    title: 'Generic netlink',
    family: 'subsystem-networking',
    classes: ['configuration and notification interfaces of kernel services', 'network protocol and device settings that belong to no device class'],
    userspace: 'a generic netlink family (socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC)) with typed attributes, dumps, multicast groups for notifications and a YAML spec under Documentation/netlink/specs',
    become: 'a generic netlink family registered with genl_register_family(), its commands in struct genl_ops and its attributes checked by a policy',
    covers: [
      { purposes: ['config-power', 'query-info'], does: 'reads or sets a configuration object', advice: 'a generic netlink family (typed attributes, per-command policies, dumps) already does this, and grows without new ioctl numbers' },
      { purposes: ['event-notify'], does: 'notifies userspace of a change', advice: 'a generic netlink multicast group already does this' },
      { does: 'is a configuration interface', advice: 'generic netlink already does this, described by a YAML spec that ynl and other tools read' },
    ],
    documentation: [
      kdoc(
        'Documentation/userspace-api/netlink/intro.rst',
        'Introduces netlink, often called the ioctl() replacement, with self-describing attributes, dumps and notifications, and how generic netlink families are found and used.',
      ),
    ],
    evidence: [
      w('NETLINK', 3), w('GENERIC_NETLINK', 3), w('GENL', 3), w('GENETLINK', 3), w('NLMSG', 3), w('NLMSGHDR', 3), w('YNL', 3), w('NLA', 2),
      w('NLATTR', 2), w('MULTICAST', 1, ['name']),
    ],
    notDrm: ['NETLINK', 'GENL', 'GENETLINK'],
    registers: ['genl_register_family', 'genl_ops'],
  },
  {
    id: 'devlink',
    title: 'devlink and the network device interfaces',
    family: 'subsystem-networking',
    classes: ['NICs and SmartNICs', 'switch ASICs', 'device-wide settings of network devices (parameters, health, regions, flash)'],
    userspace: 'the devlink generic netlink family (`devlink dev param`, `devlink health`, `devlink region`, `devlink dev flash`, `devlink port`), with ethtool netlink and rtnetlink for per-netdev settings',
    become: 'a driver that allocates with devlink_alloc() and registers with devlink_register() (struct devlink_ops), its settings as devlink params, health reporters and regions',
    covers: [
      { purposes: ['config-power'], does: 'sets a device-wide parameter', advice: 'devlink params (`devlink dev param set`) already do this' },
      { purposes: ['debug-trace', 'stats'], does: 'dumps device state or reports a fault', advice: 'devlink health reporters and regions (`devlink health dump show`, `devlink region read`) already do this' },
      { purposes: ['firmware', 'reset'], does: 'flashes firmware or reloads the device', advice: '`devlink dev flash` and `devlink dev reload` already do this' },
      { does: "is part of a network device's interface", advice: 'devlink for the device, and ethtool and rtnetlink for the netdev, already do this; SIOCDEVPRIVATE handlers are not to be added to new drivers' },
    ],
    documentation: [
      kdoc(
        'Documentation/networking/devlink/index.rst',
        'Presents devlink as the API for device information and resources that belong to no particular device class, such as chip-wide or switch-ASIC-wide configuration.',
      ),
      kdoc('Documentation/networking/netdevices.rst', 'Says ndo_siocdevprivate only implements SIOCDEVPRIVATE ioctl helpers and must not be added to new drivers.'),
    ],
    precedent: "Intel's IOSM modem driver does its firmware flashing and coredump collection through devlink rather than through commands of its own.",
    evidence: [
      w('DEVLINK', 3), w('ESWITCH', 3), w('HEALTH_REPORTER', 3), w('NETDEV', 3), w('ETHTOOL', 3), w('SWITCHDEV', 3), w('SMARTNIC', 3),
      w('ETHERNET', 2), w('NIC', 2), w('VLAN', 2), w('PHY', 1, ['name']), w('RELOAD', 1, ['name']), w('REPORTER', 1, ['name']),
    ],
    notDrm: ['DEVLINK', 'ESWITCH', 'NETDEV', 'ETHTOOL', 'NIC', 'ETHERNET', 'VLAN'],
    registers: ['devlink_alloc', 'devlink_register', 'devl_register', 'devlink_ops'],
  },
  {
    id: 'wwan',
    title: 'WWAN (cellular modems)',
    family: 'subsystem-networking',
    classes: ['LTE and 5G modems', 'modem control ports (AT, MBIM, QMI) and flashing ports'],
    userspace: 'control ports such as /dev/wwan0at0, /dev/wwan0mbim0 and /dev/wwan0qmi0, data over network interfaces created through the wwan rtnetlink link type, and devlink for flashing and coredumps',
    become: 'a WWAN driver that creates its control ports with wwan_create_port() and its data links with wwan_register_ops()',
    covers: [
      { purposes: ['submit', 'wait', 'event-notify', 'context'], does: 'passes control messages to the modem', advice: 'a WWAN port (wwan_create_port(), /dev/wwan0mbim0 or /dev/wwan0at0) already does this, as ModemManager expects' },
      { purposes: ['firmware', 'debug-trace'], does: 'flashes the modem or collects a crash dump', advice: 'devlink flash and devlink regions or health reporters, as the iosm and t7xx drivers use them, already do this' },
      { does: 'is part of a modem interface', advice: 'the WWAN framework (control ports and netdev data links) already does this' },
    ],
    documentation: [
      kdoc(
        'Documentation/networking/device_drivers/wwan/iosm.rst',
        "Shows a WWAN driver's userspace side: the MBIM control channel as the /dev/wwan0mbim0 port created by the WWAN framework, with data over WWAN network interfaces.",
      ),
    ],
    precedent:
      'A character driver for MHI modem control (MHI UCI) was objected to as a backdoor for arbitrary modem commands; the WWAN subsystem (commit 9a44c1cc6388) took the generic part of mhi_wwan_ctrl as a framework instead.',
    evidence: [
      w('WWAN', 3), w('MODEM', 3), w('MBIM', 3), w('QMI', 3), w('LTE', 3), w('CELLULAR', 3), w('APN', 3), w('MHI', 2), w('RMNET', 2),
      w('FIREHOSE', 2), w('ATCMD', 2), w('SIM', 1, ['name']),
    ],
    notDrm: ['WWAN', 'MODEM', 'MBIM', 'QMI', 'LTE'],
    registers: ['wwan_create_port', 'wwan_register_ops', 'wwan_port_ops'],
    folders: ['drivers/net/wwan/'],
  },
  {
    id: 'vfio',
    title: 'VFIO (devices assigned to userspace and VMs)',
    family: 'subsystem-userspace-drivers',
    classes: ['PCI and platform devices handed whole to a VM or a userspace driver under IOMMU isolation', 'SR-IOV virtual functions and mediated devices', 'devices with live migration'],
    userspace:
      "/dev/vfio/vfio and /dev/vfio/N groups, or /dev/vfio/devices/vfioX, with the VFIO_* ioctls of linux/vfio.h (magic ';' from VFIO_BASE 100), and iommufd (/dev/iommu) for DMA mappings",
    become: 'a VFIO driver: a vfio-pci variant built on vfio_pci_core_register_device(), or a device registered with vfio_register_group_dev() and struct vfio_device_ops',
    covers: [
      { purposes: ['memory-map-device', 'buffer-mmap'], does: 'maps user memory for device DMA or maps device registers', advice: 'VFIO_IOMMU_MAP_DMA (IOMMU_IOAS_MAP with iommufd) and mmap of VFIO regions already do this, under IOMMU protection' },
      { purposes: ['event-notify'], does: 'delivers device interrupts to userspace', advice: 'VFIO_DEVICE_SET_IRQS with eventfds already does this' },
      { purposes: ['reset', 'config-power'], does: 'resets or migrates an assigned device', advice: 'VFIO_DEVICE_RESET and the VFIO device-feature and migration ioctls already do this' },
      { does: 'is part of a userspace-driver or device-assignment interface', advice: 'VFIO already does this, with the IOMMU isolation a private interface lacks' },
    ],
    documentation: [
      kdoc(
        'Documentation/driver-api/vfio.rst',
        'Presents VFIO as the secure, IOMMU-protected framework for userspace drivers, in contrast to out-of-tree drivers and to UIO, which has no IOMMU protection and limited interrupt support.',
      ),
      kdoc(
        'Documentation/driver-api/vfio-pci-device-specific-driver-acceptance.rst',
        'Sets the acceptance criteria for device-specific vfio-pci variant drivers built on vfio-pci-core, for features such as migration that need device knowledge.',
      ),
    ],
    evidence: [
      w('VFIO', 3), w('MDEV', 3), w('MEDIATED', 3), w('DEVICE_ASSIGNMENT', 3), w('IOVA', 2), w('DMA_MAP', 2), w('SRIOV', 2), w('MIGRATION', 2),
      w('PASSTHROUGH', 1, ['name']), w('PTDEV', 3), w('PCIDEV', 2, ['name']), w('ASSIGN_DEVICE', 2, ['name']), w('VF', 1, ['name']), w('BAR', 1, ['name']), w('IOMMU', 1, ['name']),
    ],
    notDrm: ['VFIO', 'MDEV'],
    registers: ['vfio_register_group_dev', 'vfio_register_emulated_iommu_dev', 'vfio_pci_core_register_device', 'vfio_device_ops'],
    folders: ['drivers/vfio/'],
  },
  {
    id: 'uacce',
    title: 'uacce (shared-virtual-address accelerators)',
    family: 'subsystem-userspace-drivers',
    classes: ['queue-based offload engines (compression, crypto) that work on process virtual addresses through SVA and PASID'],
    userspace: "/dev/<name>-N opened once per queue, UACCE_CMD_START_Q and UACCE_CMD_PUT_Q ('W'), mmap of the queue's MMIO and DUS regions, and /sys/class/uacce/<name>/",
    become: 'a uacce device allocated with uacce_alloc() and registered with uacce_register(), its queue operations in struct uacce_ops',
    covers: [
      { purposes: ['context', 'buffer-mmap', 'memory-map-device', 'submit'], does: 'creates a hardware queue or maps it into the process', advice: 'uacce (a queue per open(), UACCE_CMD_START_Q, mmap of the MMIO and DUS regions, and SVA so that no pinning or mapping ioctl is needed) already does this' },
      { does: 'is part of a shared-virtual-address accelerator interface', advice: 'uacce already does this, with crypto_register_*() for kernel users of the same engine' },
    ],
    documentation: [
      kdoc(
        'Documentation/misc-devices/uacce.rst',
        "Describes uacce: the accelerator shares the process's page tables through the IOMMU (SVA), so userspace passes it ordinary pointers and drives a queue mapped into its address space.",
      ),
    ],
    precedent: 'WarpDrive, first posted as a VFIO mediated device and told in review that it was reinventing RDMA verbs, landed as drivers/misc/uacce.',
    evidence: [
      // a device that is handed PASIDs works in processes' address spaces: SVA, uacce's model
      whole('UACCE'), w('SVA', 3), whole('PASID'), whole('IOMMU_SVA'), whole('SHARED_VIRTUAL_ADDRESSING'), w('WARPDRIVE', 3),
      // CAPI's process element is the context id an AFU tags its requests with to work in a
      // process's MMU context (Documentation/arch/powerpc/cxl.rst): a PASID by another name
      whole('PROCESS_ELEMENT'),
      // a device with its own TLB of the process's pages, flushed or refilled through the driver
      // (SGI GRU's FLUSH_TLB, its TLB-fault CALL_OS), translates process virtual addresses: SVA
      whole('TLB'),
      w('PROCESS_ADDRESS_SPACE', 2), w('START_Q', 2), w('DUS', 2), w('QFR', 2),
    ],
    notDrm: ['UACCE', 'SVA', 'PASID', 'TLB'],
    registers: ['uacce_alloc', 'uacce_register', 'uacce_ops'],
    folders: ['drivers/misc/uacce/'],
  },
  {
    id: 'dma-heap',
    title: 'dma-buf heaps',
    family: 'subsystem-memory',
    classes: ['allocators of shareable buffers: system memory, CMA, carve-outs and protected memory'],
    userspace: '/dev/dma_heap/<name> (system, linux,cma and vendor heaps) whose DMA_HEAP_IOCTL_ALLOC returns a dma-buf fd; /dev/udmabuf turns memfd pages into a dma-buf',
    become: 'a dma-buf heap added with dma_heap_add() and struct dma_heap_ops, its buffers exported as dma-bufs any importer can use',
    covers: [
      { purposes: ['buffer-alloc', 'buffer-free', 'buffer-export'], does: 'allocates a buffer and returns it as a file descriptor', advice: 'DMA_HEAP_IOCTL_ALLOC on /dev/dma_heap/<name> already does this, returning a dma-buf fd' },
      { purposes: ['buffer-cache-sync'], does: 'syncs CPU caches for a shared buffer', advice: 'DMA_BUF_IOCTL_SYNC on the dma-buf fd already does this' },
      { does: 'is part of a buffer allocator', advice: 'a dma-buf heap (dma_heap_add()) already does this; a device that only allocates memory has no engine to justify a private interface' },
    ],
    documentation: [
      kdoc(
        'Documentation/driver-api/dma-buf.rst',
        'Describes dma-buf, the way buffers are shared between drivers and with userspace as file descriptors, with its CPU-access sync ioctl and its fences.',
      ),
      kdoc(
        'Documentation/userspace-api/dma-buf-alloc-exchange.rst',
        'Notes that no universal buffer-allocation interface exists and names the dma-heaps API as the effort to expose memory properties such as contiguity and cacheability.',
      ),
    ],
    precedent: "Android's ION allocator lived in drivers/staging until it was removed; dma-buf heaps were merged as its successor (commit c02a81fba74f).",
    evidence: [w('HEAP', 3), w('HEAPS', 3), w('DMA_HEAP', 3), w('CARVEOUT', 3), w('CMA', 3), w('ION', 3), w('UDMABUF', 3), w('CONTIGUOUS', 2), w('CONTIG', 2), w('UNCACHED', 1, ['name'])],
    notDrm: ['HEAP', 'HEAPS', 'CARVEOUT', 'CMA', 'ION'],
    registers: ['dma_heap_add', 'dma_heap_ops'],
    folders: ['drivers/dma-buf/heaps/'],
  },
  {
    id: 'tee',
    title: 'TEE subsystem (trusted execution environments)',
    family: 'subsystem-security',
    classes: ['TrustZone trusted OSes (OP-TEE, Trusted Services)', 'secure co-processors running trusted applications'],
    userspace: '/dev/teeN and /dev/teeprivN with TEE_IOC_* ioctls (open session, invoke, shared memory, supplicant), used through libteec and the GlobalPlatform TEE Client API',
    become: 'a TEE driver registered with tee_device_alloc() and tee_device_register() (struct tee_driver_ops), or a kernel TEE client using tee_client_open_session()',
    covers: [
      { purposes: ['context', 'submit'], does: 'opens a session with a trusted application or invokes a command in it', advice: 'TEE_IOC_OPEN_SESSION and TEE_IOC_INVOKE on /dev/teeN already do this' },
      { purposes: ['buffer-alloc', 'buffer-mmap', 'buffer-import'], does: 'shares memory with the secure world', advice: 'TEE_IOC_SHM_ALLOC and TEE_IOC_SHM_REGISTER already do this' },
      { does: 'is part of a secure-world interface', advice: 'the TEE subsystem (/dev/teeN, libteec) already does this' },
    ],
    documentation: [
      kdoc(
        'Documentation/tee/tee.rst',
        'Describes the TEE subsystem: TEE drivers register with it, and it manages memory shared with the trusted OS and gives userspace and kernel clients one generic API.',
      ),
      kdoc(
        'Documentation/userspace-api/tee.rst',
        'Documents /dev/teeN and its TEE_IOC_* ioctls as the GlobalPlatform client library uses them, with /dev/teeprivN for the supplicant.',
      ),
    ],
    precedent: "Arm's firmware TPM (drivers/char/tpm/tpm_ftpm_tee.c) reaches its trusted application through the TEE subsystem rather than through an interface of its own.",
    evidence: [
      w('TEE', 3), w('TRUSTZONE', 3), w('OPTEE', 3), w('SUPPLICANT', 3), w('SECURE_WORLD', 3), w('TRUSTED_APPLICATION', 3), w('TRUSTED_APP', 3),
      w('GLOBALPLATFORM', 3), w('TA', 2), w('SMC', 1, ['name']), w('UUID', 1, ['name', 'member']), w('INVOKE', 1, ['name']), w('SESSION', 1, ['name']),
    ],
    notDrm: ['TEE', 'TA', 'SUPPLICANT', 'TRUSTZONE', 'OPTEE'],
    registers: ['tee_device_alloc', 'tee_device_register', 'tee_client_open_session', 'tee_driver_ops'],
    folders: ['drivers/tee/'],
  },
  {
    id: 'mei',
    title: 'Intel MEI (Management Engine Interface)',
    family: 'subsystem-security',
    classes: ['Intel CSME and GSC firmware clients (AMT, HDCP, PXP, firmware update)'],
    userspace: '/dev/meiN: IOCTL_MEI_CONNECT_CLIENT by client UUID, then read and write; /sys/class/mei; kernel users are MEI client-bus drivers',
    become: 'an MEI client driver on the MEI bus (module_mei_cl_driver(), struct mei_cl_driver) for kernel use, or plain /dev/meiN for a userspace client',
    covers: [
      { purposes: ['submit', 'wait', 'context'], does: 'sends a command to Intel ME firmware', advice: 'IOCTL_MEI_CONNECT_CLIENT with read() and write() on /dev/meiN, or an MEI client-bus driver, already does this' },
      { does: 'is part of an Intel ME firmware interface', advice: 'the MEI subsystem already does this' },
    ],
    documentation: [
      kdoc(
        'Documentation/driver-api/mei/mei.rst',
        'Describes the Intel Management Engine and the MEI driver that owns the host-to-firmware channel, each firmware feature being a client reached by its UUID.',
      ),
    ],
    precedent: 'In 6.12 the kernel reaches ME firmware features as MEI client-bus drivers (drivers/misc/mei/hdcp, drivers/misc/mei/pxp) rather than through interfaces of their own.',
    evidence: [
      w('MEI', 3), w('HECI', 3), w('CSME', 3), w('MANAGEMENT_ENGINE', 3), w('ME_CLIENT', 3), w('AMT', 2), w('GSC', 2), w('FWSTS', 2),
      w('CLIENT_UUID', 2), w('PXP', 1, ['name']),
    ],
    notDrm: ['MEI', 'HECI', 'CSME'],
    registers: ['mei_cldev_driver_register', 'module_mei_cl_driver', 'mei_register', 'mei_cl_driver'],
    folders: ['drivers/misc/mei/'],
  },
  {
    id: 'counter',
    title: 'Generic Counter',
    family: 'subsystem-sensors',
    classes: ['quadrature encoder interfaces', 'pulse and event counters', 'capture timers'],
    userspace: '/sys/bus/counter/devices/counterN/ (countM/count, function, ceiling, preset, signalM) and /dev/counterN with COUNTER_ADD_WATCH_IOCTL for timestamped events',
    become: 'a counter driver allocated with devm_counter_alloc() and added with devm_counter_add(), its counts, signals and synapses in struct counter_ops',
    covers: [
      { purposes: ['query-info', 'stats', 'config-power'], does: 'reads or presets a position or count', advice: "the Generic Counter's `countN/count`, `ceiling`, `preset` and `function` attributes already do this" },
      { purposes: ['event-notify', 'wait'], does: 'reports overflow, index or capture events', advice: 'COUNTER_ADD_WATCH_IOCTL and read() on /dev/counterN already do this' },
      { does: 'is part of a counter interface', advice: 'the Generic Counter interface already does this' },
    ],
    documentation: [
      kdoc(
        'Documentation/driver-api/generic-counter.rst',
        'Introduces the Generic Counter interface to end the code duplicated across counter drivers, modelling every counter as counts, signals and the synapses between them.',
      ),
    ],
    precedent: 'The 104-QUAD-8 encoder driver lived in drivers/iio/counter and moved to drivers/counter (6.12: drivers/counter/104-quad-8.c) when the subsystem was created.',
    evidence: [
      w('QUADRATURE', 3), w('QUADRATURE_ENCODER', 3), w('ROTARY_ENCODER', 3), w('QEI', 3), w('QEP', 3), w('SYNAPSE', 3), w('CEILING', 2),
      w('TALLY', 2), w('ENCODER', 1), w('PRESET', 1, ['name']), w('PULSE', 1, ['name']), w('COUNTER', 1, ['name']),
    ],
    notDrm: ['QUADRATURE', 'SYNAPSE'],
    registers: ['devm_counter_alloc', 'devm_counter_add', 'counter_alloc', 'counter_add', 'counter_ops'],
    folders: ['drivers/counter/'],
  },
  {
    id: 'nvmem',
    title: 'NVMEM (non-volatile memory providers)',
    family: 'subsystem-memory',
    classes: ['EEPROMs', 'OTP memories and eFuses', 'SoC ID, MAC address and calibration cells', 'battery-backed CMOS and NVRAM'],
    userspace: 'the binary file /sys/bus/nvmem/devices/<name>/nvmem (read, and written where allowed); kernel consumers read named cells with nvmem_cell_read()',
    become: 'an NVMEM provider registered with devm_nvmem_register(), its cells described in firmware for consumers',
    covers: [
      { purposes: ['query-info', 'config-power', 'firmware'], does: 'reads or writes an EEPROM, fuse or OTP area', advice: 'the NVMEM framework (`/sys/bus/nvmem/devices/*/nvmem`, and cells for kernel consumers) already does this' },
      { does: 'is part of a non-volatile memory interface', advice: 'an NVMEM provider registered with devm_nvmem_register() already does this' },
    ],
    documentation: [
      kdoc(
        'Documentation/driver-api/nvmem.rst',
        'Explains that NVMEM drivers such as EEPROMs used to live in drivers/misc, each repeating the same code, and that the framework gives them one provider and consumer API and one sysfs file.',
      ),
    ],
    precedent:
      'The sunxi SID driver moved from drivers/misc/eeprom/sunxi_sid.c to drivers/nvmem/sunxi_sid.c; in 6.12 the at24 EEPROM driver (drivers/misc/eeprom/at24.c) registers with devm_nvmem_register().',
    evidence: [
      w('NVMEM', 3), w('EEPROM', 3), w('EFUSE', 3), w('OTP', 3), w('FUSE', 2), w('FUSES', 2), w('VPD', 2), w('NVRAM', 2),
      w('MAC_ADDRESS', 1, ['member']), w('SERIAL_NUMBER', 1, ['member']), w('CELL', 1, ['name']),
    ],
    notDrm: ['NVMEM', 'EEPROM', 'EFUSE', 'OTP', 'FUSE'],
    registers: ['devm_nvmem_register', 'nvmem_register'],
    folders: ['drivers/nvmem/'],
  },
  {
    id: 'mailbox',
    title: 'Mailbox and hwspinlock frameworks',
    family: 'subsystem-coprocessors',
    classes: ['inter-processor mailbox and doorbell controllers', 'hardware spinlocks and semaphores'],
    userspace: 'none by design: mailboxes and hwspinlocks serve kernel drivers, and userspace reaches the remote side through rpmsg (/dev/rpmsgN) or remoteproc',
    become: 'a mailbox controller registered with devm_mbox_controller_register() (struct mbox_chan_ops) or a hwspinlock device registered with hwspin_lock_register(), with the protocol on top in a kernel client driver',
    covers: [
      { purposes: ['event-notify', 'submit', 'wait'], does: 'rings a doorbell or passes a mailbox message', advice: 'the mailbox framework (mbox_send_message() on a channel from mbox_request_channel()) already does this for kernel clients, and rpmsg for userspace' },
      { does: 'is part of a mailbox interface', advice: 'the mailbox framework already does this for kernel drivers; userspace gets rpmsg or remoteproc, not raw mailbox access' },
    ],
    documentation: [
      kdoc(
        'Documentation/driver-api/mailbox.rst',
        "Describes the common mailbox framework, which splits controller drivers from the client drivers that speak a platform's (often proprietary) protocol, so that controller code is shared.",
      ),
    ],
    evidence: [
      // an ioctl named for a mailbox passes commands to the device's own firmware mailbox (a
      // pass-through, see passthrough.ts), not to the framework, which has no uAPI: only a
      // driver's file says it is a mailbox controller
      w('MAILBOX', 3, ['file']), w('MBOX', 3, ['file']), w('HWSPINLOCK', 3), w('HWLOCK', 3), w('INTER_PROCESSOR_INTERRUPT', 3), w('IPI', 2), w('MESSAGE_UNIT', 2),
      // an ioctl that rings another processor's or partition's doorbell is what a mailbox
      // channel's send does (a doorbell controller carries no payload)
      w('DOORBELL', 2, ['name', 'struct']), w('CHANNEL', 1, ['name']), w('SEMAPHORE', 1, ['name']),
    ],
    notDrm: ['MAILBOX', 'MBOX', 'HWSPINLOCK'],
    registers: ['devm_mbox_controller_register', 'mbox_controller_register', 'mbox_request_channel', 'hwspin_lock_register', 'mbox_chan_ops'],
    folders: ['drivers/mailbox/'],
  },
  {
    id: 'power-supply',
    title: 'Power supply class',
    family: 'subsystem-power',
    classes: ['batteries and fuel gauges', 'chargers', 'AC, USB and UPS supplies'],
    userspace:
      '/sys/class/power_supply/<name>/ (status, capacity, voltage_now, current_now, charge_control_start_threshold, charge_control_end_threshold, charge_behaviour...) with uevents, as UPower reads them',
    become: 'a power supply driver registered with devm_power_supply_register(), its properties from the standard POWER_SUPPLY_PROP_* set',
    covers: [
      { purposes: ['query-info', 'stats'], does: 'reads battery charge, capacity or health', advice: "the power supply class's standard properties (`capacity`, `status`, `voltage_now`, `health`) already do this" },
      { purposes: ['config-power'], does: 'sets charging thresholds or a charge mode', advice: "the power supply class's `charge_control_start_threshold`, `charge_control_end_threshold` and `charge_behaviour` already do this" },
      { does: 'is part of a battery or charger interface', advice: 'the power supply class already does this' },
    ],
    documentation: [
      kdoc(
        'Documentation/power/power_supply_class.rst',
        'Defines the power supply class: a core set of sysfs and uevent properties, each with a fixed meaning and unit, for batteries, chargers, AC and UPS supplies.',
      ),
    ],
    precedent: 'Generic charge start and end thresholds were added to the class so that vendor battery-care settings could use them instead of private knobs (commit 813cab8f3994).',
    evidence: [
      w('BATTERY', 3), w('BATTERIES', 3), w('CHARGER', 3), w('CHARGING', 3), w('CHARGE', 2), w('FUEL_GAUGE', 3), w('GAUGE', 2),
      w('STATE_OF_CHARGE', 3), w('CYCLE_COUNT', 3), w('COULOMB', 3), w('UPS', 3), w('POWER_SUPPLY', 3), w('CONSERVATION', 2), w('BAT', 2),
      w('CAPACITY', 1, ['name']),
    ],
    notDrm: ['BATTERY', 'CHARGER', 'CHARGE', 'CHARGING'],
    registers: ['devm_power_supply_register', 'power_supply_register'],
    folders: ['drivers/power/supply/'],
  },
  {
    id: 'thermal',
    title: 'Thermal framework',
    family: 'subsystem-power',
    classes: ['thermal zones (temperature sensors used for control)', 'trip points', 'cooling devices (fans, throttling, clock limits)'],
    userspace: '/sys/class/thermal/thermal_zoneN/ (temp, trip_point_N_temp, policy) and cooling_deviceN/ (cur_state, max_state), with the "thermal" generic netlink family for events',
    become: 'a thermal zone registered with thermal_zone_device_register_with_trips() (or devm_thermal_of_zone_register()) and cooling devices with devm_thermal_of_cooling_device_register()',
    covers: [
      { purposes: ['config-power'], does: 'sets a trip point or a throttling level', advice: "the thermal framework's `trip_point_N_temp` and the cooling devices' `cur_state` already do this" },
      { purposes: ['event-notify', 'query-info'], does: 'reports a zone temperature or a trip crossing', advice: "thermal zones' `temp` attribute and the thermal netlink events already do this" },
      { does: 'is part of a thermal-management interface', advice: 'thermal zones and cooling devices already do this, with the governors in the kernel' },
    ],
    documentation: [
      kdoc(
        'Documentation/driver-api/thermal/sysfs-api.rst',
        'Describes how thermal zone devices (sensors) and cooling devices (fans, processors) register with the generic thermal framework and take part in thermal management.',
      ),
    ],
    evidence: [
      w('THERMAL', 3), w('THERMAL_ZONE', 3), w('TRIP_POINT', 3), w('COOLING', 3), w('COOLING_DEVICE', 3), w('TRIP', 2), w('THROTTLE', 2),
      w('THROTTLING', 2), w('TRT', 2), w('ZONE', 1, ['name']), w('GOVERNOR', 1, ['name']), w('TEMP', 1), w('TEMPERATURE', 1),
    ],
    notDrm: ['THERMAL', 'COOLING', 'TRIP'],
    registers: [
      'thermal_zone_device_register_with_trips', 'devm_thermal_of_zone_register', 'thermal_cooling_device_register',
      'devm_thermal_of_cooling_device_register', 'thermal_zone_device_ops', 'thermal_cooling_device_ops',
    ],
    folders: ['drivers/thermal/'],
  },
  {
    id: 'uio',
    title: 'Userspace I/O (UIO)',
    family: 'subsystem-userspace-drivers',
    classes: ['simple memory-mapped devices whose logic lives in userspace (industrial I/O cards, FPGA IP blocks) and that do no DMA'],
    userspace: '/dev/uioN: mmap of the regions listed in /sys/class/uio/uioN/maps, read() that blocks for the interrupt count, write() to re-enable the interrupt; no ioctls',
    become: 'a UIO driver registered with uio_register_device() (a struct uio_info with its memory regions and interrupt), or VFIO as soon as the device does DMA',
    covers: [
      { purposes: ['buffer-mmap', 'memory-map-device', 'debug-trace'], does: 'maps or pokes device registers from userspace', advice: "UIO's mmap of /dev/uioN regions already does this (VFIO when the device does DMA)" },
      { purposes: ['event-notify', 'wait'], does: 'waits for a device interrupt', advice: 'read() on /dev/uioN already does this' },
      { does: 'is part of a userspace-driver interface', advice: 'UIO already does this for devices without DMA, and VFIO for devices with it' },
    ],
    documentation: [
      kdoc(
        'Documentation/driver-api/uio-howto.rst',
        'Describes UIO for devices that need little more than interrupt handling and access to their memory: a small kernel module, with the rest of the driver in userspace.',
      ),
    ],
    evidence: [w('UIO', 3), w('USERSPACE_IO', 3), w('IRQ_COUNT', 1), w('INTERRUPT_COUNT', 1), w('MMIO', 1, ['name']), w('BAR', 1, ['name']), w('PEEK', 1, ['name']),
      w('POKE', 1, ['name']), w('REG_READ', 1, ['name']), w('REG_WRITE', 1, ['name']),
      w('GET_REG', 1, ['name']), w('SET_REG', 1, ['name']), w('GET_REGS', 1, ['name']), w('SET_REGS', 1, ['name']),
    ],
    notDrm: ['UIO'],
    registers: ['uio_register_device', 'devm_uio_register_device', '__uio_register_device', '__devm_uio_register_device'],
    folders: ['drivers/uio/'],
  },
  {
    id: 'tpm',
    title: 'TPM (Trusted Platform Module)',
    family: 'subsystem-security',
    classes: ['discrete, firmware and virtual TPMs', 'secure elements that implement TPM semantics'],
    userspace: '/dev/tpmN and /dev/tpmrmN (TPM commands written, responses read), /sys/class/tpm, and /dev/vtpmx (VTPM_PROXY_IOC_NEW_DEV) for a TPM emulator',
    become: 'a TPM driver allocated with tpmm_chip_alloc() and registered with tpm_chip_register(), its transport in struct tpm_class_ops',
    covers: [
      { purposes: ['submit', 'query-info'], does: 'sends a TPM command, or extends or reads a PCR', advice: '/dev/tpmrmN (TPM2 commands through the kernel resource manager) already does this, as tpm2-tss expects' },
      { does: 'is part of a TPM interface', advice: 'a TPM chip registered with tpm_chip_register() already does this, and in-kernel users (IMA, trusted keys) get it too' },
    ],
    documentation: [
      kdoc(
        'Documentation/security/tpm/tpm_ftpm_tee.rst',
        'Describes the firmware TPM driver: a thin layer over a TPM implemented in TrustZone firmware that programs use exactly as they use a hardware TPM, through /dev/tpmX.',
      ),
      kdoc(
        'Documentation/security/tpm/tpm_vtpm_proxy.rst',
        'Describes the vTPM proxy, which gives each container a TPM that programs use as they use the physical one.',
      ),
    ],
    precedent: "Arm's firmware TPM runs as a TEE trusted application yet appears to Linux as an ordinary TPM chip (drivers/char/tpm/tpm_ftpm_tee.c).",
    evidence: [
      w('TPM', 3), w('TPM2', 3), w('PCR', 3), w('VTPM', 3), w('TCG', 3), w('UNSEAL', 3), w('ENDORSEMENT', 3), w('SEAL', 2), w('LOCALITY', 2),
      w('EVENT_LOG', 1), w('EVENTLOG', 1), w('ATTESTATION', 1, ['name']), w('MEASUREMENT', 1, ['name']),
    ],
    notDrm: ['TPM', 'TPM2', 'PCR', 'TCG'],
    registers: ['tpmm_chip_alloc', 'tpm_chip_alloc', 'tpm_chip_register', 'tpm_class_ops'],
    folders: ['drivers/char/tpm/'],
  },
  {
    id: 'edac',
    title: 'EDAC and RAS error reporting',
    family: 'subsystem-ras-perf',
    classes: ['memory controllers with ECC', 'cache and interconnect error detection'],
    userspace: '/sys/devices/system/edac/mc/mcN/ (ce_count, ue_count, per-DIMM counts) and RAS tracepoints (ras:mc_event) read by rasdaemon; no ioctls',
    become: 'an EDAC driver that allocates with edac_mc_alloc() and adds with edac_mc_add_mc() (edac_device_add_device() for other blocks), reporting errors with edac_mc_handle_error()',
    covers: [
      { purposes: ['stats', 'query-info'], does: 'reads corrected or uncorrected error counts', advice: "EDAC's `ce_count` and `ue_count` attributes and the ras:mc_event tracepoint already do this" },
      { purposes: ['event-notify'], does: 'reports a memory error', advice: 'edac_mc_handle_error(), with the RAS tracepoint rasdaemon listens to, already does this' },
      { does: 'is part of an error-reporting interface', advice: 'EDAC already does this' },
    ],
    documentation: [
      kdoc(
        'Documentation/driver-api/edac.rst',
        'Describes the EDAC subsystem and its model of memory controllers, channels, ranks and DIMMs, through which drivers report corrected and uncorrected errors.',
      ),
      kdoc(
        'Documentation/admin-guide/RAS/main.rst',
        'Describes how EDAC reports errors to administrators: counters under /sys/devices/system/edac and error events for rasdaemon.',
      ),
    ],
    evidence: [
      // ECC in a member or a comment is as often a codec's error correction (a FEC core's
      // enable_ecc_isr) as a memory controller's
      w('EDAC', 3), w('ECC', 3, ['name', 'struct', 'file']), w('CORRECTABLE', 3), w('UNCORRECTABLE', 3), w('CSROW', 3), w('CORRECTED', 2), w('UNCORRECTED', 2),
      w('SCRUB', 2), w('DIMM', 2), w('SBE', 2), w('DBE', 2), w('RAS', 2), w('MEMORY_ERROR', 2), w('PARITY', 1, ['name']), w('POISON', 1, ['name']),
      w('CE', 1, ['name']), w('UE', 1, ['name']),
    ],
    notDrm: ['ECC', 'EDAC', 'CORRECTABLE', 'UNCORRECTABLE', 'DIMM', 'SCRUB', 'CSROW'],
    registers: ['edac_mc_alloc', 'edac_mc_add_mc', 'edac_mc_add_mc_with_groups', 'edac_device_add_device', 'edac_device_alloc_ctl_info'],
    folders: ['drivers/edac/'],
  },
  {
    id: 'perf',
    title: 'perf events (PMU drivers)',
    family: 'subsystem-ras-perf',
    classes: ['device performance counters (uncore, interconnect, DDR, PCIe and NIC PMUs)', 'hardware trace engines'],
    userspace:
      'perf_event_open(2) on a PMU listed in /sys/bus/event_source/devices/<pmu>/ (type, format/, events/), PERF_EVENT_IOC_* on the event fd and its mmap ring buffer, as `perf stat` and `perf record` use them',
    become: 'a PMU driver registered with perf_pmu_register(), its events described in the PMU\'s sysfs format and events groups',
    covers: [
      { purposes: ['stats', 'debug-trace'], does: 'reads performance counters or starts a trace', advice: 'a perf PMU (perf_pmu_register(), /sys/bus/event_source/devices/<pmu>) already does this, and `perf stat`/`perf record` work with it unchanged' },
      { does: 'is part of a performance-monitoring interface', advice: 'a perf PMU driver already does this' },
    ],
    documentation: [
      kdoc(
        'Documentation/admin-guide/perf/index.rst',
        'Lists the PMU drivers whose counters are used through perf, from CPU uncore units to device PMUs such as the HNS3 NIC and HiSilicon PCIe PMUs.',
      ),
      kdoc(
        'Documentation/admin-guide/perf/hns3-pmu.rst',
        "A worked example: a NIC's performance unit (bandwidth, latency, packet and interrupt rates) registered as a perf PMU and read with perf stat.",
      ),
    ],
    precedent: "In 6.12 a PCIe trace engine (drivers/hwtracing/ptt/hisi_ptt.c) and an FPGA card's management-engine counters (drivers/fpga/dfl-fme-perf.c) both expose themselves with perf_pmu_register().",
    evidence: [
      w('PERFMON', 3), w('HWCTR', 3), w('PERF_EVENT', 3), w('PERF_COUNTER', 3), w('PMU_EVENT', 3), w('UNCORE', 3), w('CYCLES', 2), w('PMU', 1), w('PERF', 1, ['name']),
      w('COUNTERS', 1, ['name']), w('BANDWIDTH', 1, ['name']), w('PROFILING', 1, ['name']), w('OVERFLOW', 1, ['name']),
    ],
    notDrm: ['PMU', 'PERFMON', 'UNCORE'],
    registers: ['perf_pmu_register', 'perf_event_update_userpage'],
    folders: ['drivers/perf/'],
  },
];

/**
 * Words of an ioctl's name that say it reads the machine's identity (its BIOS version, its
 * service tag), not the device's: such an ioctl does not take the device's subsystem from the
 * rest of the file. DMI and SMBIOS already publish these (/sys/class/dmi/id).
 */
export const MACHINE_IDENTITY_WORDS: ReadonlySet<string> = new Set(['BIOS', 'DMI', 'SMBIOS', 'MACHINE', 'SERVICE_TAG']);

/** The core kernel interfaces SHARED_UAPI names beside the device-class subsystems. */
export const CORE_INTERFACES: readonly CoreInterface[] = [
  {
    id: 'vfs',
    title: 'VFS and file systems',
    documentation: [kdoc('Documentation/filesystems/vfs.rst', 'Describes the VFS, the layer through which every file system and fd-based kernel object is reached, and the file_operations (unlocked_ioctl among them) each provides.')],
  },
  {
    id: 'fuse',
    title: 'FUSE',
    documentation: [kdoc('Documentation/filesystems/fuse.rst', 'Describes FUSE, file systems served by a userspace daemon through /dev/fuse, whose device ioctls belong to that protocol.')],
  },
  {
    id: 'block',
    title: 'Block layer and block drivers (loop, nbd, md, device mapper, zoned devices)',
    documentation: [
      kdoc('Documentation/block/pr.rst', "Shows the block layer's own ioctls at work: persistent reservations are one set of IOC_PR_* commands on any block device, which SCSI and NVMe implement through pr_ops."),
    ],
  },
  {
    id: 'nvme',
    title: 'NVMe',
    documentation: [
      kdoc('Documentation/nvme/feature-and-quirk-policy.rst', 'States that the Linux NVMe host driver supports devices implementing the NVM Express specifications, whose commands its passthrough ioctls carry for every NVMe device.'),
    ],
  },
  {
    id: 'scsi',
    title: 'SCSI (sg, st, ch and HBA passthrough)',
    documentation: [kdoc('Documentation/scsi/scsi-generic.rst', 'Describes the SCSI generic driver (sg), through which userspace sends SCSI commands to any SCSI device.')],
  },
  {
    id: 'mmc',
    title: 'MMC/SD/SDIO core',
    documentation: [kdoc('Documentation/driver-api/mmc/index.rst', "Collects the MMC core's documentation; the core owns eMMC block devices and their command passthrough (MMC_IOC_CMD in linux/mmc/ioctl.h).")],
  },
  {
    id: 'mtd',
    title: 'MTD and UBI (raw flash)',
    documentation: [kdoc('Documentation/driver-api/mtd/index.rst', "Collects the Memory Technology Device documentation; /dev/mtdN with its MEM* ioctls (mtd/mtd-abi.h) is MTD's interface for every flash driver, with UBI above it.")],
  },
  {
    id: 'tty',
    title: 'TTY, serial and virtual consoles',
    documentation: [kdoc('Documentation/driver-api/tty/index.rst', 'Documents the TTY layer (drivers, line disciplines, tty ioctls) that serial ports, pseudo-terminals and consoles share.')],
  },
  {
    id: 'net',
    title: 'Networking core (sockets, netdevices, TUN/TAP, PPP, ATM, ISDN CAPI, rfkill, vsock)',
    documentation: [
      kdoc('Documentation/networking/netdevices.rst', 'Describes struct net_device and its ndo_* operations; socket ioctls reach drivers through the networking core, and SIOCDEVPRIVATE helpers are not to be added to new drivers.'),
    ],
  },
  {
    id: 'kvm',
    title: 'KVM',
    documentation: [kdoc('Documentation/virt/kvm/api.rst', 'Documents the KVM API: ioctls on /dev/kvm, on VM fds and on vCPU fds, with the capability checks that say which exist.')],
  },
  {
    id: 'virtio',
    title: 'virtio, vhost and VDUSE',
    documentation: [kdoc('Documentation/driver-api/virtio/virtio.rst', "Describes virtio, the standard paravirtual device interface whose data path vhost (linux/vhost.h) moves into the host kernel and VDUSE into userspace.")],
  },
  {
    id: 'xen',
    title: 'Xen hypervisor interfaces',
    documentation: [
      kdoc('Documentation/userspace-api/ioctl/ioctl-number.rst', "Registers 'E' 00-0F to xen/evtchn.h, 'G' 00-0F to xen/gntalloc.h and xen/gntdev.h, and 'P' 00-0F to xen/privcmd.h, the devices Xen's toolstack uses."),
    ],
  },
  {
    id: 'usb',
    title: 'USB (usbfs, gadget functions, USB class drivers)',
    documentation: [kdoc('Documentation/driver-api/usb/usb.rst', 'Describes usbfs (/dev/bus/usb) and its ioctls, through which userspace drivers talk to any USB device, beside the kernel USB host API.')],
  },
  {
    id: 'firewire',
    title: 'IEEE 1394 (FireWire)',
    documentation: [kdoc('Documentation/driver-api/firewire.rst', "Documents the FireWire character devices and their ioctls (linux/firewire-cdev.h), the core's userspace interface to every 1394 node.")],
  },
  {
    id: 'rdma',
    title: 'RDMA (InfiniBand, RoCE, iWARP verbs)',
    documentation: [kdoc('Documentation/infiniband/user_verbs.rst', 'Describes /dev/infiniband/uverbsN, through which the verbs libraries drive any RDMA device, with driver-specific data carried inside the uverbs commands.')],
  },
  {
    id: 'dma-buf',
    title: 'dma-buf and sync_file',
    documentation: [kdoc('Documentation/driver-api/dma-buf.rst', 'Describes dma-buf, the shared buffer object, and sync_file, the fence fd; DMA_BUF_IOCTL_* and SYNC_IOC_* are theirs, for every exporter and importer.')],
  },
  {
    id: 'cxl',
    title: 'Compute Express Link (CXL)',
    documentation: [kdoc('Documentation/driver-api/cxl/memory-devices.rst', 'Documents the CXL memory device model and, under its external interfaces, the ioctl interface of linux/cxl_mem.h shared by all CXL memory devices.')],
  },

  {
    id: 'nvdimm',
    title: 'libnvdimm (persistent memory)',
    documentation: [kdoc('Documentation/driver-api/nvdimm/nvdimm.rst', 'Describes libnvdimm, the subsystem for persistent-memory buses, DIMMs and regions whose commands (linux/ndctl.h) ndctl uses on every platform.')],
  },
  {
    id: 'userfaultfd',
    title: 'userfaultfd',
    documentation: [kdoc('Documentation/admin-guide/mm/userfaultfd.rst', "Describes userfaultfd, which lets a process handle faults in its own address space from userspace with UFFDIO_* ioctls.")],
  },
  {
    id: 'seccomp',
    title: 'seccomp',
    documentation: [kdoc('Documentation/userspace-api/seccomp_filter.rst', 'Describes seccomp filters and the user-space notifier, whose SECCOMP_IOCTL_NOTIF_* commands act on the listener fd.')],
  },
  {
    id: 'namespaces',
    title: 'Namespaces and pidfds (nsfs, pidfd)',
    documentation: [kdoc('Documentation/userspace-api/ioctl/ioctl-number.rst', 'Registers 0xB7 to linux/nsfs.h, the NS_GET_* ioctls on namespace files; pidfd (linux/pidfd.h) adds the same queries on a process.')],
  },
  {
    id: 'ipc',
    title: 'IPC and synchronisation facilities (binder, ntsync)',
    documentation: [kdoc('Documentation/admin-guide/binderfs.rst', "Describes binderfs, which gives each IPC namespace its own binder devices; binder's ioctls (linux/android/binder.h) carry Android's IPC.")],
  },
  {
    id: 'tracing',
    title: 'Tracing (ftrace ring buffer, user_events)',
    documentation: [kdoc('Documentation/trace/user_events.rst', 'Describes user_events, through which processes register trace events with the DIAG_IOCSREG ioctl on the user_events_data file.')],
  },
  {
    id: 'stm',
    title: 'System Trace Module (STM class)',
    documentation: [kdoc('Documentation/trace/stm.rst', "Describes the STM class, through which trace sources write to STM devices, a writer naming its channel with the STP_POLICY_ID_SET ioctl.")],
  },
  {
    id: 'kcov',
    title: 'kcov (coverage collection)',
    documentation: [kdoc('Documentation/dev-tools/kcov.rst', 'Describes kcov, which exposes kernel code coverage for fuzzing through a debugfs file and its KCOV_INIT_TRACE and KCOV_ENABLE ioctls.')],
  },
  {
    id: 'ipmi',
    title: 'IPMI',
    documentation: [kdoc('Documentation/driver-api/ipmi.rst', 'Describes the IPMI driver stack, whose ipmi_devintf gives userspace the ioctl interface of linux/ipmi.h for every system interface.')],
  },
  {
    id: 'pps',
    title: 'PPS (pulse per second)',
    documentation: [kdoc('Documentation/driver-api/pps.rst', 'Describes the PPS subsystem, which implements the RFC 2783 API on /dev/ppsN for every pulse-per-second source.')],
  },
  {
    id: 'ptp',
    title: 'PTP hardware clocks',
    documentation: [kdoc('Documentation/driver-api/ptp.rst', 'Describes the PTP hardware clock class: each clock is a POSIX clock at /dev/ptpN with ioctls to query, enable and configure its ancillary features.')],
  },
  {
    id: 'hsi',
    title: 'HSI (high-speed synchronous serial interface)',
    documentation: [kdoc('Documentation/driver-api/hsi.rst', 'Describes the HSI framework, which gives every port the generic hsi_char client, a character device for userspace.')],
  },
  {
    id: 'i2c',
    title: 'I2C (i2c-dev)',
    documentation: [kdoc('Documentation/i2c/dev-interface.rst', 'Describes /dev/i2c-N and its ioctls (I2C_SLAVE, I2C_RDWR, I2C_SMBUS) for reaching I2C devices from userspace.')],
  },
  {
    id: 'spi',
    title: 'SPI (spidev)',
    documentation: [kdoc('Documentation/spi/spidev.rst', "Describes spidev, SPI's userspace API: half-duplex read() and write(), with full-duplex transfers and configuration through SPI_IOC_* ioctls.")],
  },
  {
    id: 'rapidio',
    title: 'RapidIO',
    documentation: [kdoc('Documentation/driver-api/rapidio/mport_cdev.rst', 'Describes the RapidIO mport character driver, which gives userspace ioctl access to any RapidIO master port.')],
  },
  {
    id: 'fsi',
    title: 'FSI (FRU Support Interface)',
    documentation: [
      kdoc(
        'Documentation/userspace-api/ioctl/ioctl-number.rst',
        "The kernel's table of ioctl codes. FSI's SCOM and SBEFIFO codes (linux/fsi.h, 's' 00-03) are missing from it and FSI has no document of its own: the header, reviewed by the FSI maintainers, is the interface.",
      ),
    ],
  },
  {
    id: 'parport',
    title: 'Parallel port (lp, ppdev)',
    documentation: [kdoc('Documentation/admin-guide/parport.rst', 'Describes the parport subsystem, which shares a parallel port among device drivers such as lp for printers and ppdev for userspace access.')],
  },
  {
    id: 'fbdev',
    title: 'Framebuffer (fbdev)',
    documentation: [kdoc('Documentation/fb/api.rst', 'Describes the frame buffer API (FBIOGET_VSCREENINFO and the other FBIO* ioctls) that every fbdev driver answers.')],
  },
  {
    id: 'pm',
    title: 'System sleep (hibernation snapshot device, APM)',
    documentation: [kdoc('Documentation/power/userland-swsusp.rst', 'Describes /dev/snapshot and the ioctls of linux/suspend_ioctls.h, through which userspace tools drive hibernation.')],
  },
  {
    id: 'x86',
    title: 'x86 platform interfaces (SGX, MSR, MTRR, machine-check log)',
    documentation: [kdoc('Documentation/arch/x86/sgx.rst', "Describes SGX enclaves and the SGX_IOC_* ioctls on /dev/sgx_enclave, one of the x86 architecture's own userspace interfaces.")],
  },
  {
    id: 'lsm',
    title: 'Linux security modules',
    documentation: [kdoc('Documentation/admin-guide/LSM/LoadPin.rst', 'Describes LoadPin, which pins kernel-loaded files to one trusted file system and can also trust dm-verity devices.')],
  },
  {
    id: 'random',
    title: 'The random number devices (/dev/random)',
    documentation: [kdoc('Documentation/admin-guide/devices.rst', "Lists /dev/random and /dev/urandom (char 1:8 and 1:9), the kernel's random number devices, whose RND* ioctls (linux/random.h) manage the pool.")],
  },
  {
    id: 'agp',
    title: 'AGP GART',
    documentation: [kdoc('Documentation/admin-guide/devices.rst', 'Lists /dev/agpgart (misc 175), the AGP GART backend the chipset drivers share.')],
  },
  {
    id: 'comedi',
    title: 'Comedi (data acquisition)',
    documentation: [kdoc('Documentation/admin-guide/devices.rst', 'Lists the comedi devices (char major 98), the control and measurement framework whose drivers share linux/comedi.h.')],
  },
  {
    id: 'nvram',
    title: '/dev/nvram',
    documentation: [kdoc('Documentation/admin-guide/devices.rst', 'Lists /dev/nvram (misc 144), the non-volatile configuration RAM device that several architectures implement.')],
  },
  {
    id: 'drm',
    title: 'DRM (graphics drivers)',
    documentation: [
      kdoc('Documentation/gpu/drm-uapi.rst', "Describes DRM's userspace interfaces and the requirements for driver uAPI (open-source userspace, review on dri-devel), which cover a driver's stream fds as much as its DRM_IOCTL_* commands."),
    ],
  },
];

/**
 * Every subsystem's and core interface's own uAPI, keyed on header, magic and numbers: the
 * ioctls of the headers in /usr/include (linux-libc-dev 6.1) and of include/uapi in Linux 6.12,
 * plus a few kernel-internal headers with shared numbers. Headers that are one driver's private
 * interface (linux/i8k.h, misc/fastrpc.h, linux/switchtec_ioctl.h...) are not here: their
 * ioctls are custom. Raw-number headers (linux/loop.h, scsi/sg.h...) are listed with the magic
 * their numbers decode to.
 */
export const SHARED_UAPI: readonly SharedUapi[] = [
  {
    subsystem: 'iio', header: 'linux/iio/events.h', magic: 0x69 /* 'i' */, nr: [0x90, 0x91],
    note: "IIO's event fd (IIO_GET_EVENT_FD_IOCTL) in IIO's 'i' 0x90-0x9F block; i8k's 'i' 0x80-0x87 is Dell's own",
  },
  {
    subsystem: 'iio', header: 'linux/iio/buffer.h', magic: 0x69 /* 'i' */, nr: [0x90, 0x91],
    note: "IIO's buffer fd (IIO_BUFFER_GET_FD_IOCTL) in IIO's 'i' 0x90-0x9F block",
  },
  {
    subsystem: 'iio', header: 'linux/iio/buffer.h', magic: 0x69 /* 'i' */, nr: [0x92, 0x94],
    note: "IIO's dma-buf attach, detach and enqueue on a buffer (Linux 6.11), still in IIO's 'i' 0x90-0x9F block",
  },
  { subsystem: 'input', header: 'linux/input.h', magic: 0x45 /* 'E' */, note: "evdev (EVIOC*), the input subsystem's event interface" },
  { subsystem: 'input', header: 'linux/uinput.h', magic: 0x55 /* 'U' */, nr: [0x00, 0xcf], note: "uinput, input devices emulated from userspace ('U' 00-CF registered)" },
  { subsystem: 'input', header: 'linux/joystick.h', magic: 0x6a /* 'j' */, note: 'the legacy joystick interface (/dev/input/jsN)' },
  { subsystem: 'input', header: 'linux/hidraw.h', magic: 0x48 /* 'H' */, nr: [0x00, 0x0f], note: "hidraw, raw HID reports ('H' 00-0F registered)" },
  { subsystem: 'input', header: 'linux/hiddev.h', magic: 0x48 /* 'H' */, nr: [0x00, 0x7f], note: "hiddev, the HID usage interface ('H' 00-7F registered)" },
  { subsystem: 'input', header: 'linux/serio.h', magic: 0x71 /* 'q' */, nr: [0x00, 0x1f], note: "serio_raw and userio, serial input ports ('q' 00-1F registered)" },
  { subsystem: 'v4l2', header: 'linux/videodev2.h', magic: 0x56 /* 'V' */, note: "V4L2 (VIDIOC_*), 'V' registered to videodev2.h" },
  {
    subsystem: 'v4l2', header: '*', magic: 0x56 /* 'V' */, nr: [192, 255],
    note: "V4L2's driver-private range: numbers from BASE_VIDIOC_PRIVATE (192) to 255 are left to V4L2 drivers for their own ioctls, in whatever header (ivtv, omap3isp, am437x-vpfe...)",
  },
  { subsystem: 'v4l2', header: 'linux/v4l2-subdev.h', magic: 0x56 /* 'V' */, note: 'V4L2 sub-device ioctls (VIDIOC_SUBDEV_*)' },
  { subsystem: 'v4l2', header: 'linux/media.h', magic: 0x7c /* '|' */, note: 'the media controller (MEDIA_IOC_*, MEDIA_REQUEST_IOC_*)' },
  { subsystem: 'v4l2', header: 'linux/cec.h', magic: 0x61 /* 'a' */, nr: [0x00, 0x0a], note: 'HDMI CEC (CEC_*), part of the media subsystem' },
  { subsystem: 'v4l2', header: 'linux/lirc.h', magic: 0x69 /* 'i' */, nr: [0x00, 0x24], note: 'LIRC, the remote-controller (rc-core) interface of the media subsystem' },
  {
    subsystem: 'v4l2', header: 'linux/uvcvideo.h', magic: 0x75 /* 'u' */, nr: [0x20, 0x3f],
    note: "the USB video class driver's extension-unit ioctls (UVCIOC_*), a V4L2 driver's interface reviewed on linux-media ('u' 20-3F registered)",
  },
  {
    subsystem: 'v4l2', header: 'linux/meye.h', magic: 0x76 /* 'v' */,
    note: "the Motion Eye V4L2 driver's private ioctls at BASE_VIDIOC_PRIVATE and up, on 'v' rather than 'V' ('v' C0-FF registered; the driver is gone in 6.12); no range, since the header does not include videodev2.h and the numbers may not resolve",
  },
  {
    subsystem: 'v4l2', header: 'linux/ivtvfb.h', magic: 0x56 /* 'V' */,
    note: "ivtvfb, the ivtv V4L2 driver's framebuffer, with its ioctl at BASE_VIDIOC_PRIVATE; no range, since the header does not include videodev2.h and the number may not resolve",
  },
  { subsystem: 'v4l2', header: 'linux/dvb/audio.h', magic: 0x6f /* 'o' */, nr: [0x01, 0xa1], note: "DVB audio decoder API ('o' 01-A1 registered to linux/dvb/*.h)" },
  { subsystem: 'v4l2', header: 'linux/dvb/ca.h', magic: 0x6f /* 'o' */, nr: [0x01, 0xa1], note: 'DVB conditional access API' },
  { subsystem: 'v4l2', header: 'linux/dvb/dmx.h', magic: 0x6f /* 'o' */, nr: [0x01, 0xa1], note: 'DVB demux API' },
  { subsystem: 'v4l2', header: 'linux/dvb/frontend.h', magic: 0x6f /* 'o' */, nr: [0x01, 0xa1], note: 'DVB frontend API' },
  { subsystem: 'v4l2', header: 'linux/dvb/net.h', magic: 0x6f /* 'o' */, nr: [0x01, 0xa1], note: 'DVB network API' },
  { subsystem: 'v4l2', header: 'linux/dvb/osd.h', magic: 0x6f /* 'o' */, nr: [0x01, 0xa1], note: 'DVB on-screen display API' },
  { subsystem: 'v4l2', header: 'linux/dvb/video.h', magic: 0x6f /* 'o' */, nr: [0x01, 0xa1], note: 'DVB video decoder API' },
  { subsystem: 'alsa', header: 'sound/asound.h', magic: 0x41 /* 'A' */, nr: [0x00, 0x7f], note: "ALSA PCM ('A' 00-7F registered)" },
  { subsystem: 'alsa', header: 'sound/asound.h', magic: 0x48 /* 'H' */, nr: [0x00, 0x0f], note: "ALSA hwdep core (SNDRV_HWDEP_IOCTL_*, 'H' 00-0F registered)" },
  { subsystem: 'alsa', header: 'sound/asound.h', magic: 0x54 /* 'T' */, nr: [0x00, 0xaf], note: "ALSA timer ('T' 00-AF registered)" },
  { subsystem: 'alsa', header: 'sound/asound.h', magic: 0x55 /* 'U' */, note: "ALSA control ('U' registered to asound.h)" },
  {
    subsystem: 'alsa', header: 'sound/asound.h', magic: 0x57 /* 'W' */, nr: [0x00, 0x41],
    note: "ALSA rawmidi, with the UMP commands at 0x40-0x41 ('W' 00-3F registered)",
  },
  { subsystem: 'alsa', header: 'sound/asequencer.h', magic: 0x53 /* 'S' */, nr: [0x00, 0x7f], note: "the ALSA sequencer ('S' 00-7F registered)" },
  { subsystem: 'alsa', header: 'sound/compress_offload.h', magic: 0x43 /* 'C' */, nr: [0x00, 0x36], note: 'ALSA compressed offload (SNDRV_COMPRESS_*)' },
  {
    subsystem: 'alsa', header: 'sound/asound_fm.h', magic: 0x48 /* 'H' */, nr: [0x20, 0x40],
    note: "the OPL FM synth's hwdep ioctls; hwdep is ALSA's channel for driver-specific commands ('H' 20-40 registered)",
  },
  {
    subsystem: 'alsa', header: 'sound/emu10k1.h', magic: 0x48 /* 'H' */, nr: [0x10, 0x8f],
    note: "the emu10k1 driver's hwdep ioctls; hwdep is ALSA's channel for driver-specific commands ('H' 10-8F registered)",
  },
  {
    subsystem: 'alsa', header: 'sound/firewire.h', magic: 0x48 /* 'H' */, nr: [0xf8, 0xfe],
    note: "the FireWire audio drivers' hwdep ioctls; hwdep is ALSA's channel for driver-specific commands ('H' F8-FA registered)",
  },
  {
    subsystem: 'alsa', header: 'sound/hdsp.h', magic: 0x48 /* 'H' */, nr: [0x40, 0x4f],
    note: "the RME Hammerfall DSP driver's hwdep ioctls; hwdep is ALSA's channel for driver-specific commands ('H' 40-4F registered)",
  },
  {
    subsystem: 'alsa', header: 'sound/hdspm.h', magic: 0x48 /* 'H' */, nr: [0x40, 0x4f],
    note: "the RME HDSPM driver's hwdep ioctls; hwdep is ALSA's channel for driver-specific commands ('H' 40-4F registered)",
  },
  {
    subsystem: 'alsa', header: 'sound/sb16_csp.h', magic: 0x48 /* 'H' */, nr: [0x10, 0x1f],
    note: "the SB16 CSP driver's hwdep ioctls; hwdep is ALSA's channel for driver-specific commands ('H' 10-1F registered)",
  },
  {
    subsystem: 'alsa', header: 'sound/sfnt_info.h', magic: 0x48 /* 'H' */, nr: [0x80, 0x8f],
    note: "the Emu8000/emux SoundFont loader's hwdep ioctls; hwdep is ALSA's channel for driver-specific commands ('H' 80-8F registered)",
  },
  {
    subsystem: 'alsa', header: 'sound/usb_stream.h', magic: 0x48 /* 'H' */, nr: [0x90, 0x90],
    note: "the US-X2Y USB stream hwdep ioctl; hwdep is ALSA's channel for driver-specific commands ('H' 90 registered)",
  },
  {
    subsystem: 'alsa', header: 'sound/hda_hwdep.h', magic: 0x48 /* 'H' */, nr: [0x10, 0x1f],
    note: "the HD-audio codec hwdep ioctls (kernel header include/sound/hda_hwdep.h); hwdep is ALSA's channel for driver-specific commands ('H' 10-1F registered)",
  },
  {
    subsystem: 'alsa', header: 'sound/scarlett2.h', magic: 0x53 /* 'S' */, nr: [0x60, 0x64],
    note: "the Scarlett2 USB mixer's hwdep ioctls (Linux 6.8); hwdep is ALSA's channel for driver-specific commands",
  },
  { subsystem: 'alsa', header: 'linux/soundcard.h', magic: 0x43 /* 'C' */, note: "the OSS API, which ALSA emulates ('C' registered)" },
  { subsystem: 'alsa', header: 'linux/soundcard.h', magic: 0x4d /* 'M' */, note: "the OSS mixer API, which ALSA emulates ('M' registered)" },
  { subsystem: 'alsa', header: 'linux/soundcard.h', magic: 0x50 /* 'P' */, note: "the OSS DSP API, which ALSA emulates ('P' registered)" },
  { subsystem: 'alsa', header: 'linux/soundcard.h', magic: 0x51 /* 'Q' */, note: 'the OSS sequencer API, which ALSA emulates' },
  { subsystem: 'alsa', header: 'linux/soundcard.h', magic: 0x54 /* 'T' */, note: "the OSS timer and sequencer API, which ALSA emulates ('T' registered)" },
  { subsystem: 'alsa', header: 'linux/soundcard.h', magic: 0x6d /* 'm' */, note: "the OSS MIDI API, which ALSA emulates ('m' registered)" },
  { subsystem: 'gpio', header: 'linux/gpio.h', magic: 0xb4, note: 'the GPIO character device (GPIO_V2_*, GPIO_GET_*)' },
  { subsystem: 'watchdog', header: 'linux/watchdog.h', magic: 0x57 /* 'W' */, nr: [0x00, 0x1f], note: "the watchdog core (WDIOC_*, 'W' 00-1F registered)" },
  {
    subsystem: 'rtc', header: 'linux/rtc.h', magic: 0x70 /* 'p' */, nr: [0x00, 0x1f],
    note: "the RTC class (RTC_*, 'p' 00-1F registered); nvram's 'p' 40-41 is another interface",
  },
  { subsystem: 'remoteproc', header: 'linux/remoteproc_cdev.h', magic: 0xb7 /* RPROC_MAGIC */, note: "remoteproc's character device (RPROC_SET_SHUTDOWN_ON_RELEASE...)" },
  { subsystem: 'rpmsg', header: 'linux/rpmsg.h', magic: 0xb5, note: 'rpmsg_char and rpmsg_ctrl (RPMSG_CREATE_EPT_IOCTL...)' },
  { subsystem: 'fpga', header: 'linux/fpga-dfl.h', magic: 0xb6 /* DFL_FPGA_MAGIC */, note: "DFL FPGA cards' FME and port devices (DFL_FPGA_*)" },
  {
    subsystem: 'vfio', header: 'linux/vfio.h', magic: 0x3b /* ';' */, nr: [0x64, 0x7f],
    note: "VFIO, VFIO_BASE 100 and up on ';' (';' 64-7F registered), the bus- and platform-specific extensions (sPAPR TCE, EEH, device features) included",
  },
  {
    subsystem: 'uacce', header: 'misc/uacce/uacce.h', magic: 0x57 /* 'W' */, nr: [0x00, 0x01],
    note: "uacce queues (UACCE_CMD_START_Q, UACCE_CMD_PUT_Q); the watchdog's 'W' is another interface",
  },
  {
    subsystem: 'uacce', header: 'misc/uacce/hisi_qm.h', magic: 0x48 /* 'H' */, nr: [0x0a, 0x0b],
    note: "HiSilicon QM's uacce queue extensions (UACCE_CMD_QM_SET_QP_CTX, UACCE_CMD_QM_SET_QP_INFO), part of the uacce interface",
  },
  {
    subsystem: 'dma-heap', header: 'linux/dma-heap.h', magic: 0x48 /* 'H' */, nr: [0x00, 0x00],
    note: "dma-buf heaps (DMA_HEAP_IOCTL_ALLOC); the other 'H' users (hidraw, MEI, ALSA hwdep) are other interfaces",
  },
  {
    subsystem: 'dma-heap', header: 'linux/udmabuf.h', magic: 0x75 /* 'u' */, nr: [0x40, 0x4f],
    note: "udmabuf, memfd pages as a dma-buf ('u' 40-4F registered); uvcvideo's 'u' is another interface",
  },
  {
    subsystem: 'tee', header: 'linux/tee.h', magic: 0xa4 /* TEE_IOC_MAGIC */, nr: [0x00, 0x1f],
    note: 'the TEE subsystem (TEE_IOC_*, 0xA4 00-1F registered, shared with SGX)',
  },
  { subsystem: 'mei', header: 'linux/mei.h', magic: 0x48 /* 'H' */, nr: [0x01, 0x04], note: 'the MEI character device (IOCTL_MEI_CONNECT_CLIENT...)' },
  {
    subsystem: 'counter', header: 'linux/counter.h', magic: 0x3e /* '>' */, nr: [0x00, 0x02],
    note: "the Generic Counter character device (COUNTER_ADD_WATCH_IOCTL...); sync_file's '>' 03-05 is another interface",
  },
  { subsystem: 'tpm', header: 'linux/vtpm_proxy.h', magic: 0xa1, note: 'the vTPM proxy (VTPM_PROXY_IOC_NEW_DEV)' },
  { subsystem: 'perf', header: 'linux/perf_event.h', magic: 0x24 /* '$' */, note: 'perf events (PERF_EVENT_IOC_*)' },
  { subsystem: 'vfs', header: 'linux/fs.h', magic: 0x00, nr: [0x01, 0x02], note: 'FIBMAP and FIGETBSZ, generic file ioctls' },
  { subsystem: 'block', header: 'linux/fs.h', magic: 0x12, note: "the block layer's BLK* ioctls (0x12 registered)" },
  { subsystem: 'vfs', header: 'linux/fs.h', magic: 0x15, note: 'FS_IOC_GETFSUUID and FS_IOC_GETFSSYSFSPATH (0x15 registered)' },
  { subsystem: 'vfs', header: 'linux/fs.h', magic: 0x58 /* 'X' */, nr: [0x1f, 0x79], note: 'FS_IOC_FSGETXATTR/FSSETXATTR, FIFREEZE, FITHAW and FITRIM' },
  {
    subsystem: 'vfs', header: 'linux/fs.h', magic: 0x66 /* 'f' */, nr: [0x00, 0x11],
    note: "FS_IOC_GETFLAGS/SETFLAGS, FS_IOC_FIEMAP and FS_IOC_*VERSION ('f' 00-0F registered)",
  },
  { subsystem: 'vfs', header: 'linux/fs.h', magic: 0x76 /* 'v' */, nr: [0x00, 0x1f], note: "FS_IOC_GETVERSION/SETVERSION ('v' 00-1F registered)" },
  { subsystem: 'vfs', header: 'linux/fs.h', magic: 0x94, note: "FICLONE, FICLONERANGE, FIDEDUPERANGE and the file-system label ioctls, lifted from btrfs's 0x94" },
  { subsystem: 'vfs', header: 'linux/fscrypt.h', magic: 0x66 /* 'f' */, nr: [0x13, 0x27], note: "fscrypt ('f' 13-27 registered)" },
  { subsystem: 'vfs', header: 'linux/fsverity.h', magic: 0x66 /* 'f' */, nr: [0x81, 0x8f], note: "fs-verity ('f' 81-8F registered)" },
  { subsystem: 'vfs', header: 'linux/fsmap.h', magic: 0x58 /* 'X' */, nr: [0x3b, 0x3b], note: 'FS_IOC_GETFSMAP' },
  { subsystem: 'vfs', header: 'linux/btrfs.h', magic: 0x94 /* BTRFS_IOCTL_MAGIC */, note: 'btrfs (0x94 registered)' },
  { subsystem: 'vfs', header: 'linux/f2fs.h', magic: 0xf5 /* F2FS_IOCTL_MAGIC */, note: 'f2fs' },
  { subsystem: 'vfs', header: 'linux/f2fs.h', magic: 0x58 /* 'X' */, nr: [0x7d, 0x7d], note: 'F2FS_IOC_SHUTDOWN, on the number XFS gave the shutdown ioctl' },
  { subsystem: 'vfs', header: 'linux/ext4.h', magic: 0x66 /* 'f' */, nr: [0x00, 0x2c], note: "ext4 ('f' 00-1F registered to ext2/3/4)" },
  { subsystem: 'vfs', header: 'linux/ext4.h', magic: 0x76 /* 'v' */, nr: [0x00, 0x1f], note: "ext4's FS_IOC_GETVERSION aliases ('v' 00-1F registered)" },
  { subsystem: 'vfs', header: 'linux/ext4.h', magic: 0x58 /* 'X' */, nr: [0x7d, 0x7d], note: 'EXT4_IOC_SHUTDOWN, on the number XFS gave the shutdown ioctl' },
  { subsystem: 'vfs', header: 'linux/exfat.h', magic: 0x58 /* 'X' */, nr: [0x7d, 0x7d], note: 'EXFAT_IOC_SHUTDOWN, on the number XFS gave the shutdown ioctl' },
  { subsystem: 'vfs', header: 'linux/nilfs2_api.h', magic: 0x6e /* 'n' */, nr: [0x80, 0x8f], note: "NILFS2 ('n' 80-8F registered)" },
  { subsystem: 'vfs', header: 'linux/msdos_fs.h', magic: 0x72 /* 'r' */, nr: [0x00, 0x1f], note: "FAT ('r' 00-1F registered)" },
  { subsystem: 'vfs', header: 'linux/udf_fs_i.h', magic: 0x6c /* 'l' */, nr: [0x40, 0x7f], note: "UDF ('l' 40-7F registered)" },
  { subsystem: 'vfs', header: 'linux/reiserfs_fs.h', magic: 0xcd, note: 'reiserfs' },
  { subsystem: 'vfs', header: 'linux/coda.h', magic: 0x63 /* 'c' */, nr: [0x00, 0x7f], note: "Coda ('c' 00-7F registered)" },
  { subsystem: 'vfs', header: 'linux/auto_fs.h', magic: 0x93 /* AUTOFS_IOCTL */, note: 'autofs' },
  { subsystem: 'vfs', header: 'linux/auto_dev-ioctl.h', magic: 0x93 /* AUTOFS_IOCTL */, note: 'the autofs control device' },
  { subsystem: 'vfs', header: 'linux/cachefiles.h', magic: 0x98, note: 'cachefiles on-demand mode' },
  { subsystem: 'vfs', header: 'linux/inotify.h', magic: 0x49 /* 'I' */, nr: [0x00, 0x00], note: 'INOTIFY_IOC_SETNEXTWD' },
  { subsystem: 'vfs', header: 'linux/eventpoll.h', magic: 0x8a /* EPOLL_IOC_TYPE */, note: 'epoll busy-poll parameters (0x8A registered)' },
  { subsystem: 'vfs', header: 'linux/timerfd.h', magic: 0x54 /* 'T' */, nr: [0x00, 0x00], note: 'TFD_IOC_SET_TICKS on a timerfd' },
  { subsystem: 'vfs', header: 'linux/watch_queue.h', magic: 0x57 /* 'W' */, nr: [0x60, 0x61], note: "watch queues on pipes ('W' 60-61 registered)" },
  { subsystem: 'fuse', header: 'linux/fuse.h', magic: 0xe5 /* FUSE_DEV_IOC_MAGIC */, note: 'the FUSE device (FUSE_DEV_IOC_*, 0xE5 registered)' },
  { subsystem: 'block', header: 'linux/blkpg.h', magic: 0x12, note: 'BLKPG partition control' },
  { subsystem: 'block', header: 'linux/blkzoned.h', magic: 0x12, note: 'zoned block devices (BLKREPORTZONE...)' },
  { subsystem: 'block', header: 'linux/blkdev.h', magic: 0x12, note: 'block io_uring commands (BLOCK_URING_CMD_DISCARD)' },
  { subsystem: 'block', header: 'linux/fd.h', magic: 0x02, note: 'floppy drives, shared by floppy, amiflop, ataflop and swim (0x02 registered)' },
  { subsystem: 'block', header: 'linux/raid/md_u.h', magic: 0x09 /* MD_MAJOR */, note: 'md software RAID (MD_MAJOR, 0x09 registered)' },
  { subsystem: 'block', header: 'linux/dm-ioctl.h', magic: 0xfd /* DM_IOCTL */, note: 'device mapper (0xFD registered)' },
  { subsystem: 'block', header: 'linux/nbd.h', magic: 0xab, note: 'the network block device (0xAB registered)' },
  { subsystem: 'block', header: 'linux/pr.h', magic: 0x70 /* 'p' */, nr: [0xc8, 0xcd], note: 'persistent reservations (IOC_PR_*), implemented by SCSI and NVMe' },
  {
    subsystem: 'block', header: 'linux/sed-opal.h', magic: 0x70 /* 'p' */, nr: [0xdc, 0xf0],
    note: 'self-encrypting drives (IOC_OPAL_*), a block-layer library for SCSI, ATA and NVMe',
  },
  { subsystem: 'block', header: 'linux/pktcdvd.h', magic: 0x58 /* 'X' */, nr: [0x01, 0x01], note: "packet writing on CD/DVD ('X' 01 registered)" },
  { subsystem: 'block', header: 'linux/ublk_cmd.h', magic: 0x75 /* 'u' */, nr: [0x00, 0x2f], note: "ublk, block devices served from userspace ('u' 00-2F registered)" },
  { subsystem: 'block', header: 'linux/loop.h', magic: 0x4c /* 'L' */, nr: [0x00, 0x82], note: "loop devices (LOOP_*, raw numbers 0x4C00-0x4C82; 'L' 00-1F registered)" },
  { subsystem: 'block', header: 'linux/cdrom.h', magic: 0x53 /* 'S' */, note: "the CD-ROM layer (CDROM*, raw numbers 0x53xx; 'S' registered to cdrom.h)" },
  { subsystem: 'block', header: 'linux/hdreg.h', magic: 0x03, note: 'HDIO_* ATA/IDE disk ioctls (raw numbers 0x03xx)' },
  { subsystem: 'nvme', header: 'linux/nvme_ioctl.h', magic: 0x4e /* 'N' */, nr: [0x40, 0x83], note: "NVMe passthrough and io_uring commands ('N' 40-7F registered)" },
  { subsystem: 'scsi', header: 'scsi/sg.h', magic: 0x22 /* '"' */, note: 'SCSI generic (SG_*, raw numbers 0x22xx; 0x22 registered)' },
  { subsystem: 'scsi', header: 'scsi/scsi_ioctl.h', magic: 0x53 /* 'S' */, nr: [0x80, 0x81], note: "SCSI_IOCTL_DOORLOCK/DOORUNLOCK (raw numbers; 'S' 80-81 registered)" },
  { subsystem: 'scsi', header: 'scsi/scsi.h', magic: 0x53 /* 'S' */, nr: [0x82, 0xff], note: "SCSI_IOCTL_* of the midlayer (raw numbers; 'S' 82-FF registered)" },
  { subsystem: 'scsi', header: 'linux/chio.h', magic: 0x63 /* 'c' */, nr: [0x00, 0x1f], note: "the SCSI media changer driver ch ('c' 00-1F registered)" },
  { subsystem: 'scsi', header: 'linux/mtio.h', magic: 0x6d /* 'm' */, note: "magnetic tape (MTIOC*), served by st and other tape drivers ('m' registered to mtio.h)" },
  // glibc's own copies of kernel headers keep ioctls the kernel has since dropped: they are the
  // old subsystem's, found by header as the kernel's are, and no driver's new interface
  {
    subsystem: 'scsi', header: 'sys/mtio.h', magic: 0x6d /* 'm' */,
    note: "glibc's copy of linux/mtio.h (MTIOC*), still with the QIC-02 driver's MTIOCGETCONFIG and MTIOCSETCONFIG that the kernel has dropped",
  },
  {
    subsystem: 'block', header: 'sys/raw.h', magic: 0xac,
    note: "glibc's copy of linux/raw.h: RAW_SETBIND and RAW_GETBIND bound /dev/raw/rawN to a block device, an interface since removed (devices.txt: char major 162, 'now removed')",
  },
  {
    subsystem: 'scsi', header: 'linux/cciss_ioctl.h', magic: 0x42 /* 'B' */, nr: [0x00, 0x1f],
    note: "the CCISS passthrough, served by hpsa and smartpqi ('B' 00-1F registered)",
  },
  {
    subsystem: 'scsi', header: 'linux/i2o-dev.h', magic: 0x69 /* 'i' */, nr: [0x00, 0x3f],
    note: "I2O, a message-layer subsystem since removed; kept for ABI ('i' 00-3F registered)",
  },
  {
    subsystem: 'mmc', header: 'linux/mmc/ioctl.h', magic: 0xb3 /* MMC_BLOCK_MAJOR */, nr: [0x00, 0x01],
    note: "the MMC core's command passthrough (MMC_IOC_CMD, MMC_IOC_MULTI_CMD)",
  },
  { subsystem: 'mtd', header: 'mtd/mtd-abi.h', magic: 0x4d /* 'M' */, nr: [0x01, 0x1a], note: "MTD character devices (MEM*, 'M' 01-16 registered)" },
  { subsystem: 'mtd', header: 'mtd/ubi-user.h', magic: 0x4f /* 'O' */, nr: [0x00, 0x08], note: "UBI control and volume ioctls ('O' 00-06 registered)" },
  { subsystem: 'mtd', header: 'mtd/ubi-user.h', magic: 0x6f /* 'o' */, nr: [0x00, 0x05], note: "UBI device ioctls ('o' 00-03 registered)" },
  { subsystem: 'mtd', header: 'mtd/ubi-user.h', magic: 0x6f /* 'o' */, nr: [0x40, 0x41], note: "UBI control ioctls ('o' 40-41 registered)" },
  { subsystem: 'tty', header: 'asm-generic/ioctls.h', magic: 0x54 /* 'T' */, note: 'the tty ioctls (TCGETS... raw numbers 0x54xx, and TIOCGPTN... with _IO*)' },
  { subsystem: 'tty', header: 'linux/vt.h', magic: 0x56 /* 'V' */, nr: [0x00, 0x0f], note: 'virtual terminals (VT_*, raw numbers 0x5600-0x560F)' },
  { subsystem: 'tty', header: 'linux/kd.h', magic: 0x4b /* 'K' */, note: "the console keyboard and display (KD*, raw numbers 0x4Bxx; 'K' registered)" },
  { subsystem: 'tty', header: 'linux/gsmmux.h', magic: 0x47 /* 'G' */, nr: [0x00, 0x08], note: 'the n_gsm multiplexing line discipline' },
  { subsystem: 'net', header: 'linux/sockios.h', magic: 0x89, note: 'socket ioctls (SIOC*, raw numbers 0x89xx)' },
  { subsystem: 'net', header: 'asm-generic/sockios.h', magic: 0x89, note: 'socket ioctls (FIOSETOWN, SIOCATMARK..., raw numbers 0x89xx)' },
  { subsystem: 'net', header: 'linux/wireless.h', magic: 0x8b, note: 'wireless extensions (SIOCxIW*, raw numbers 0x8Bxx)' },
  { subsystem: 'net', header: 'linux/if_tun.h', magic: 0x54 /* 'T' */, nr: [0xc0, 0xe3], note: "TUN/TAP ('T' C0-DF registered, later commands above it)" },
  { subsystem: 'net', header: 'linux/ppp-ioctl.h', magic: 0x74 /* 't' */, nr: [0x00, 0x7f], note: "PPP ('t' 00-7F registered)" },
  { subsystem: 'net', header: 'linux/if_pppox.h', magic: 0xb1, nr: [0x00, 0x1f], note: 'PPPoX (0xB1 00-1F registered)' },
  { subsystem: 'net', header: 'linux/capi.h', magic: 0x43 /* 'C' */, nr: [0x01, 0x2f], note: "ISDN CAPI 2.0 ('C' 01-2F registered)" },
  { subsystem: 'net', header: 'linux/rfkill.h', magic: 0x52 /* 'R' */, nr: [0x01, 0x02], note: "rfkill ('R' 01 registered)" },
  { subsystem: 'net', header: 'linux/vm_sockets.h', magic: 0x07, nr: [0x9f, 0xd0], note: 'vsock (IOCTL_VM_SOCKETS_GET_LOCAL_CID, 0x07 9F-D0 registered)' },
  { subsystem: 'net', header: 'linux/atmdev.h', magic: 0x61 /* 'a' */, note: "ATM devices ('a' registered to linux/atm*.h and linux/sonet.h)" },
  { subsystem: 'net', header: 'linux/atmarp.h', magic: 0x61 /* 'a' */, note: "ATM ARP ('a' registered to linux/atm*.h and linux/sonet.h)" },
  { subsystem: 'net', header: 'linux/atmbr2684.h', magic: 0x61 /* 'a' */, note: "ATM RFC 2684 bridging ('a' registered to linux/atm*.h and linux/sonet.h)" },
  { subsystem: 'net', header: 'linux/atmclip.h', magic: 0x61 /* 'a' */, note: "ATM CLIP ('a' registered to linux/atm*.h and linux/sonet.h)" },
  { subsystem: 'net', header: 'linux/atmlec.h', magic: 0x61 /* 'a' */, note: "ATM LAN emulation ('a' registered to linux/atm*.h and linux/sonet.h)" },
  { subsystem: 'net', header: 'linux/atmmpc.h', magic: 0x61 /* 'a' */, note: "ATM MPOA ('a' registered to linux/atm*.h and linux/sonet.h)" },
  { subsystem: 'net', header: 'linux/atmsvc.h', magic: 0x61 /* 'a' */, note: "ATM signalling ('a' registered to linux/atm*.h and linux/sonet.h)" },
  { subsystem: 'net', header: 'linux/atm_tcp.h', magic: 0x61 /* 'a' */, note: "ATM over TCP ('a' registered to linux/atm*.h and linux/sonet.h)" },
  {
    subsystem: 'net', header: 'linux/atm_eni.h', magic: 0x61 /* 'a' */,
    note: "ATM: the ENI driver's commands in ATM's own block ('a' registered to linux/atm*.h and linux/sonet.h)",
  },
  {
    subsystem: 'net', header: 'linux/atm_he.h', magic: 0x61 /* 'a' */,
    note: "ATM: the HE driver's commands in ATM's own block ('a' registered to linux/atm*.h and linux/sonet.h)",
  },
  {
    subsystem: 'net', header: 'linux/atm_idt77105.h', magic: 0x61 /* 'a' */,
    note: "ATM: the IDT77105 PHY's commands in ATM's own block ('a' registered to linux/atm*.h and linux/sonet.h)",
  },
  {
    subsystem: 'net', header: 'linux/atm_nicstar.h', magic: 0x61 /* 'a' */,
    note: "ATM: the NICStAR driver's commands in ATM's own block ('a' registered to linux/atm*.h and linux/sonet.h)",
  },
  {
    subsystem: 'net', header: 'linux/atm_zatm.h', magic: 0x61 /* 'a' */,
    note: "ATM: the ZATM driver's commands in ATM's own block ('a' registered to linux/atm*.h and linux/sonet.h)",
  },
  { subsystem: 'net', header: 'linux/sonet.h', magic: 0x61 /* 'a' */, note: "ATM SONET PHYs ('a' registered to linux/atm*.h and linux/sonet.h)" },
  { subsystem: 'kvm', header: 'linux/kvm.h', magic: 0xae /* KVMIO */, nr: [0x00, 0x1f], note: 'KVM (KVMIO 0xAE 00-1F registered)' },
  {
    subsystem: 'kvm', header: 'linux/kvm.h', magic: 0xae /* KVMIO */, nr: [0x40, 0xff],
    note: "KVM (KVMIO 0xAE 40-FF registered); Nitro Enclaves' 0xAE 20-3F is another interface",
  },
  {
    subsystem: 'virtio', header: 'linux/vhost.h', magic: 0xaf /* VHOST_VIRTIO */, nr: [0x00, 0x85],
    note: 'vhost (VHOST_VIRTIO 0xAF), shared by vhost-net, vhost-scsi, vhost-vsock and vhost-vdpa',
  },
  { subsystem: 'virtio', header: 'linux/vduse.h', magic: 0x81 /* VDUSE_BASE */, note: 'VDUSE, vDPA devices in userspace (0x81 registered)' },
  { subsystem: 'xen', header: 'xen/evtchn.h', magic: 0x45 /* 'E' */, nr: [0x00, 0x0f], note: "Xen event channels ('E' 00-0F registered)" },
  { subsystem: 'xen', header: 'xen/gntalloc.h', magic: 0x47 /* 'G' */, nr: [0x00, 0x0f], note: "Xen grant allocation ('G' 00-0F registered)" },
  { subsystem: 'xen', header: 'xen/gntdev.h', magic: 0x47 /* 'G' */, nr: [0x00, 0x0f], note: "Xen grant mapping ('G' 00-0F registered)" },
  { subsystem: 'xen', header: 'xen/privcmd.h', magic: 0x50 /* 'P' */, nr: [0x00, 0x0f], note: "Xen privileged commands ('P' 00-0F registered)" },
  { subsystem: 'usb', header: 'linux/usbdevice_fs.h', magic: 0x55 /* 'U' */, nr: [0x00, 0xef], note: "usbfs (USBDEVFS_*, 'U' 00-EF registered)" },
  { subsystem: 'usb', header: 'linux/usb/functionfs.h', magic: 0x67 /* 'g' */, nr: [0x01, 0x85], note: 'FunctionFS, USB gadget functions in userspace' },
  { subsystem: 'usb', header: 'linux/usb/gadgetfs.h', magic: 0x67 /* 'g' */, nr: [0x00, 0x0f], note: "gadgetfs ('g' 00-0F registered)" },
  { subsystem: 'usb', header: 'linux/usb/raw_gadget.h', magic: 0x55 /* 'U' */, nr: [0x00, 0x0f], note: 'Raw Gadget, the USB gadget interface for fuzzing and emulation' },
  { subsystem: 'usb', header: 'linux/usb/g_printer.h', magic: 0x67 /* 'g' */, nr: [0x20, 0x2f], note: "the printer gadget function ('g' 20-2F registered)" },
  { subsystem: 'usb', header: 'linux/usb/g_hid.h', magic: 0x67 /* 'g' */, nr: [0x41, 0x42], note: 'the HID gadget function' },
  { subsystem: 'usb', header: 'linux/usb/g_uvc.h', magic: 0x55 /* 'U' */, nr: [0x01, 0x01], note: "the UVC gadget function's control responses" },
  { subsystem: 'usb', header: 'linux/usb/tmc.h', magic: 0x5b /* '[' */, note: "the USB Test and Measurement Class driver ('[' 00-3F registered)" },
  { subsystem: 'usb', header: 'linux/usb/cdc-wdm.h', magic: 0x48 /* 'H' */, nr: [0xa0, 0xa0], note: "the USB CDC WDM class driver ('H' A0 registered)" },
  { subsystem: 'firewire', header: 'linux/firewire-cdev.h', magic: 0x23 /* '#' */, note: "FireWire character devices (FW_CDEV_IOC_*, '#' 00-3F registered)" },
  {
    subsystem: 'rdma', header: 'rdma/rdma_user_ioctl.h', magic: 0x1b /* RDMA_IOCTL_MAGIC */,
    note: 'RDMA (RDMA_VERBS_IOCTL, umad and the hfi1 commands), 0x1B registered to InfiniBand',
  },
  { subsystem: 'rdma', header: 'rdma/rdma_user_ioctl_cmds.h', magic: 0x1b /* RDMA_IOCTL_MAGIC */, note: 'RDMA_VERBS_IOCTL, the uverbs ioctl framework' },
  { subsystem: 'dma-buf', header: 'linux/dma-buf.h', magic: 0x62 /* 'b' */, nr: [0x00, 0x0f], note: "dma-buf (DMA_BUF_IOCTL_*, 'b' 00-0F registered)" },
  {
    subsystem: 'dma-buf', header: 'linux/sync_file.h', magic: 0x3e /* '>' */, nr: [0x03, 0x05],
    note: "sync_file fences (SYNC_IOC_*); the counter's '>' 00-02 is another interface",
  },
  { subsystem: 'cxl', header: 'linux/cxl_mem.h', magic: 0xce, note: 'CXL memory device mailbox commands (0xCE registered)' },
  { subsystem: 'vfio', header: 'linux/iommufd.h', magic: 0x3b /* ';' */, nr: [0x80, 0xff], note: "iommufd, VFIO's successor for IOMMU address spaces (';' 80-FF registered)" },
  { subsystem: 'nvdimm', header: 'linux/ndctl.h', magic: 0x4e /* 'N' */, nr: [0x01, 0x0a], note: 'libnvdimm bus and DIMM commands (ND_IOCTL_*)' },
  { subsystem: 'userfaultfd', header: 'linux/userfaultfd.h', magic: 0xaa /* UFFDIO */, note: 'userfaultfd (UFFDIO_*, 0xAA registered)' },
  { subsystem: 'seccomp', header: 'linux/seccomp.h', magic: 0x21 /* '!' */, note: "the seccomp user-space notifier ('!' 00-1F registered)" },
  { subsystem: 'namespaces', header: 'linux/nsfs.h', magic: 0xb7 /* NSIO */, note: 'namespace file ioctls (NS_GET_*, 0xB7 registered)' },
  { subsystem: 'namespaces', header: 'linux/pidfd.h', magic: 0xff /* PIDFS_IOCTL_MAGIC */, note: 'pidfd namespace and info ioctls (PIDFD_GET_*)' },
  { subsystem: 'ipc', header: 'linux/android/binder.h', magic: 0x62 /* 'b' */, nr: [0x01, 0x11], note: "Android binder IPC; dma-buf's 'b' is another interface" },
  { subsystem: 'ipc', header: 'linux/android/binderfs.h', magic: 0x62 /* 'b' */, nr: [0x01, 0x01], note: "binderfs's control device (BINDER_CTL_ADD)" },
  { subsystem: 'ipc', header: 'linux/ntsync.h', magic: 0x4e /* 'N' */, nr: [0x80, 0x8f], note: "NT synchronisation primitives ('N' 80-8F registered)" },
  { subsystem: 'tracing', header: 'linux/user_events.h', magic: 0x2a /* '*' */, note: "user_events registration ('*' 00-1F registered)" },
  {
    subsystem: 'tracing', header: 'linux/trace_mmap.h', magic: 0x52 /* 'R' */, nr: [0x20, 0x2f],
    note: "the tracing ring buffer's mmap interface ('R' 20-2F registered)",
  },
  { subsystem: 'stm', header: 'linux/stm.h', magic: 0x25 /* '%' */, note: "the STM class ('%' 00-0F registered)" },
  { subsystem: 'kcov', header: 'linux/kcov.h', magic: 0x63 /* 'c' */, nr: [0x01, 0x66], note: 'kcov (KCOV_INIT_TRACE, KCOV_ENABLE...)' },
  { subsystem: 'ipmi', header: 'linux/ipmi.h', magic: 0x69 /* 'i' */, nr: [0x0b, 0x1f], note: "the IPMI device interface ('i' 0B-1F registered)" },
  {
    subsystem: 'ipmi', header: 'linux/ipmi_bmc.h', magic: 0xb1 /* __IPMI_BMC_IOCTL_MAGIC */, nr: [0x00, 0x02],
    note: 'the IPMI BMC-side interface (IPMI_BMC_IOCTL_*), named for every BMC driver',
  },
  { subsystem: 'pps', header: 'linux/pps.h', magic: 0x70 /* 'p' */, nr: [0xa1, 0xa5], note: "PPS, RFC 2783 ('p' A1-A5 registered)" },
  { subsystem: 'ptp', header: 'linux/ptp_clock.h', magic: 0x3d /* '=' */, note: 'PTP hardware clocks (PTP_*)' },
  { subsystem: 'hsi', header: 'linux/hsi/hsi_char.h', magic: 0x6b /* 'k' */, nr: [0x10, 0x17], note: "the HSI generic character device ('k' 10-17 registered)" },
  { subsystem: 'i2c', header: 'linux/i2c-dev.h', magic: 0x07, nr: [0x00, 0x2f], note: 'i2c-dev (I2C_SLAVE, I2C_RDWR, I2C_SMBUS..., raw numbers 0x07xx)' },
  { subsystem: 'spi', header: 'linux/spi/spidev.h', magic: 0x6b /* 'k' */, nr: [0x00, 0x0f], note: "spidev (SPI_IOC_*, 'k' 00-0F registered)" },
  { subsystem: 'rapidio', header: 'linux/rio_mport_cdev.h', magic: 0x6d /* 'm' */, nr: [0x01, 0x18], note: 'the RapidIO mport character device' },
  { subsystem: 'rapidio', header: 'linux/rio_cm_cdev.h', magic: 0x63 /* 'c' */, nr: [0x01, 0x0b], note: 'the RapidIO channelised messaging device' },
  { subsystem: 'fsi', header: 'linux/fsi.h', magic: 0x73 /* 's' */, nr: [0x00, 0x03], note: 'FSI SCOM (fsi-scom, i2cr-scom) and SBEFIFO access' },
  { subsystem: 'parport', header: 'linux/ppdev.h', magic: 0x70 /* 'p' */, nr: [0x80, 0x9f], note: "ppdev, userspace parallel port access ('p' 80-9F registered)" },
  { subsystem: 'parport', header: 'linux/lp.h', magic: 0x06, note: 'the lp printer driver (0x06 registered)' },
  { subsystem: 'fbdev', header: 'linux/fb.h', magic: 0x46 /* 'F' */, note: "the framebuffer API (FBIO*, mostly raw numbers 0x46xx; 'F' registered to fb.h)" },
  {
    subsystem: 'pm', header: 'linux/suspend_ioctls.h', magic: 0x33 /* '3' */, nr: [0x00, 0x1f],
    note: "the hibernation snapshot device (SNAPSHOT_*, '3' 00-1F registered)",
  },
  { subsystem: 'pm', header: 'linux/apm_bios.h', magic: 0x41 /* 'A' */, nr: [0x00, 0x1f], note: "APM (APM_IOC_*, 'A' 00-1F registered)" },
  { subsystem: 'agp', header: 'linux/agpgart.h', magic: 0x41 /* 'A' */, nr: [0x00, 0x0f], note: "the AGP GART backend ('A' 00-0F registered)" },
  { subsystem: 'random', header: 'linux/random.h', magic: 0x52 /* 'R' */, nr: [0x00, 0x1f], note: "/dev/random (RND*, 'R' 00-1F registered)" },
  {
    subsystem: 'nvram', header: 'linux/nvram.h', magic: 0x70 /* 'p' */, nr: [0x40, 0x7f],
    note: "/dev/nvram ('p' 40-7F registered); the RTC's 'p' 00-1F is another interface",
  },
  { subsystem: 'comedi', header: 'linux/comedi.h', magic: 0x64 /* 'd' */, nr: [0x00, 0x11], note: "comedi (COMEDI_*), on 'd' below DRM's driver range" },
  { subsystem: 'lsm', header: 'linux/loadpin.h', magic: 0x4c /* 'L' */, nr: [0x00, 0x00], note: "LoadPin's trusted dm-verity digests" },
  { subsystem: 'x86', header: 'asm/mce.h', magic: 0x4d /* 'M' */, nr: [0x01, 0x03], note: 'the x86 machine-check log (/dev/mcelog)' },
  { subsystem: 'x86', header: 'asm/msr.h', magic: 0x63 /* 'c' */, nr: [0xa0, 0xaf], note: "x86 MSR access ('c' A0-AF registered)" },
  { subsystem: 'x86', header: 'asm/mtrr.h', magic: 0x4d /* 'M' */, nr: [0x00, 0x09], note: 'x86 MTRRs (/proc/mtrr)' },
  { subsystem: 'x86', header: 'asm/sgx.h', magic: 0xa4 /* SGX_MAGIC */, nr: [0x00, 0x1f], note: 'SGX enclaves (0xA4 00-1F registered, shared with TEE)' },
  {
    subsystem: 'drm', header: 'drm/i915_drm.h', magic: 0x69 /* 'i' */, nr: [0x00, 0x02],
    note: "i915's perf stream fd (I915_PERF_IOCTL_*), a DRM driver's uAPI reviewed on dri-devel",
  },
  {
    subsystem: 'drm', header: 'drm/xe_drm.h', magic: 0x69 /* 'i' */, nr: [0x00, 0x04],
    note: "xe's observation stream fd (DRM_XE_OBSERVATION_IOCTL_*), a DRM driver's uAPI reviewed on dri-devel",
  },
];
