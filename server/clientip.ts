// Which bucket a client address falls in for the brute-force guard. An IPv6 host usually owns
// a whole /64 and can pick any address in it, so IPv6 is counted per /64; an IPv4-mapped IPv6
// address is its IPv4 address.
import { isIPv6 } from 'node:net';

function hextets(ip: string): string[] | null {
  let text = ip;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  // An IPv4 tail (::ffff:1.2.3.4) is two hextets.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const fill = 8 - left.length - right.length;
  if (fill < 0 || (tail === undefined && fill !== 0)) return null;
  return [...left, ...Array<string>(fill).fill('0'), ...right].map((h) => h.toLowerCase().replace(/^0+(?=.)/, ''));
}

export function clientBucket(ip: string): string {
  if (!isIPv6(ip)) return ip;
  const h = hextets(ip);
  if (!h) return ip;
  if (h.slice(0, 5).every((x) => x === '0') && h[5] === 'ffff') {
    const n = (i: number) => parseInt(h[i] ?? '0', 16);
    return `${n(6) >> 8}.${n(6) & 255}.${n(7) >> 8}.${n(7) & 255}`;
  }
  return `${h.slice(0, 4).join(':')}::/64`;
}
