/**
 * The words of an ioctl that passes opaque command blobs to a device's firmware, or gives
 * userspace raw register or memory access: the pattern reviewers have called a backdoor around
 * the kernel's interfaces (the MHI UCI review; Documentation/process/botching-up-ioctls.rst and
 * Documentation/driver-api/ioctl.rst ask for typed, checked arguments instead). Words are
 * matched as whole words of the name, split at '_'; sequences are joined with '_'.
 */

export type PassthroughKind = 'command' | 'register';

export interface PassthroughWord {
  word: string;
  kind: PassthroughKind;
  /**
   * Only when the argument carries an opaque payload (a member named like `data`, `buf`,
   * `payload`): `CMD` alone is what half of all ioctls are called.
   */
  needsPayload?: boolean;
}

export const PASSTHROUGH_WORDS: readonly PassthroughWord[] = [
  // opaque commands and messages for the firmware
  ...['PASSTHROUGH', 'PASSTHRU', 'PASS_THROUGH', 'PASS_THRU', 'SEND_CMD', 'SEND_COMMAND', 'FW_CMD', 'FIRMWARE_CMD', 'MBOX_CMD',
    'MAILBOX', 'MBOX', 'MAILBOX_CMD', 'RAW_CMD', 'RAW_COMMAND', 'CMD_RAW', 'VENDOR_CMD', 'HOST_CMD', 'USER_CMD', 'SMM', 'SMBIOS_CMD',
    'SMC_CALL', 'EC_CMD', 'EC_COMMAND', 'FW_REQUEST', 'FW_MSG', 'SEND_FW_MSG', 'HECI', 'SCI'].map((word) => ({ word, kind: 'command' as const })),
  ...['CMD', 'COMMAND', 'REQUEST', 'MSG', 'MESSAGE', 'TRANSACT', 'XFER'].map((word) => ({ word, kind: 'command' as const, needsPayload: true })),
  // raw register and memory access
  ...['PEEK', 'POKE', 'REG_READ', 'REG_WRITE', 'READ_REG', 'WRITE_REG', 'RD_REG', 'WR_REG', 'REG_RD', 'REG_WR', 'READ_REGISTER',
    'WRITE_REGISTER', 'REGISTER_READ', 'REGISTER_WRITE', 'MEM_READ', 'MEM_WRITE', 'READ_MEM', 'WRITE_MEM', 'MMIO_READ', 'MMIO_WRITE',
    'READ_MMIO', 'WRITE_MMIO', 'RDMSR', 'WRMSR', 'READ_MSR', 'WRITE_MSR', 'IOREAD', 'IOWRITE', 'REG_ACCESS', 'REGS_ACCESS',
    'CFG_READ', 'CFG_WRITE', 'READ_CFG', 'WRITE_CFG'].map((word) => ({ word, kind: 'register' as const })),
];

/** Member names that carry an opaque payload (whole words of the member's name). */
export const PAYLOAD_MEMBERS: ReadonlySet<string> = new Set([
  'DATA', 'BUF', 'BUFFER', 'PAYLOAD', 'CMD_BUF', 'CMDBUF', 'RAW', 'BLOB', 'MSG', 'REQ', 'RESP', 'RESPONSE', 'IN_BUF', 'OUT_BUF',
  'INBUF', 'OUTBUF', 'IBUF', 'OBUF', 'TX_BUF', 'RX_BUF', 'SEND_BUF', 'RECV_BUF',
]);
