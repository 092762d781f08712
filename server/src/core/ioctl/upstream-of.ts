import { decode } from '../abi/encoding';
import { upstreamIoctls, type UpstreamIoctl } from '../../knowledge/upstream';

/**
 * The upstream ioctl a definition is, if any: same name, and the same direction, magic and
 * number on x86_64 (the size is left out: it needs a layout, and a copy of the definition in
 * another library's header has the same numbers whatever its argument is called).
 */
export function upstreamOf(ioctl: { name: string; dir: string | null; type: number | null; nr: number | null }): UpstreamIoctl | undefined {
  return upstreamIoctls(ioctl.name).find((u) => {
    const value = u.x86_64 ?? u.i386;
    if (value === null) return u.fields !== undefined && u.fields.dir === ioctl.dir && u.fields.type === ioctl.type && u.fields.nr === ioctl.nr;
    const d = decode(value, 'generic');
    return d.type === ioctl.type && d.nr === ioctl.nr && d.dir === ioctl.dir;
  });
}
