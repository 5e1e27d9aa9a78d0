// A stand-in tray host: owns org.kde.StatusNotifierWatcher on the session bus, as KDE, XFCE or
// GNOME's AppIndicator extension do, so a booted app sees a desktop that shows tray icons.
// A minimal D-Bus client (EXTERNAL auth, Hello, RequestName); the name is released when the
// connection closes.
import { connect, type Socket } from 'node:net';

const WATCHER = 'org.kde.StatusNotifierWatcher';

function busPath(address: string | undefined): string {
  const unix = address?.split(';').find((a) => a.startsWith('unix:'));
  if (!unix) throw new Error('no unix session bus address (DBUS_SESSION_BUS_ADDRESS)');
  const params = Object.fromEntries(unix.slice(5).split(',').map((kv) => kv.split('=') as [string, string]));
  if (params.path) return decodeURIComponent(params.path);
  if (params.abstract) return `\0${decodeURIComponent(params.abstract)}`;
  throw new Error(`unsupported bus address ${unix}`);
}

/** Little-endian D-Bus marshalling of what a method call header and an `s`/`su` body need. */
class Writer {
  bytes: number[] = [];
  align(n: number) {
    while (this.bytes.length % n) this.bytes.push(0);
  }
  byte(b: number) {
    this.bytes.push(b & 0xff);
  }
  uint32(n: number) {
    this.align(4);
    this.bytes.push(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
  }
  string(s: string) {
    const b = Buffer.from(s, 'utf8');
    this.uint32(b.length);
    this.bytes.push(...b, 0);
  }
  signature(s: string) {
    this.byte(s.length);
    this.bytes.push(...Buffer.from(s, 'ascii'), 0);
  }
}

function methodCall(serial: number, member: string, body?: { signature: string; write: (w: Writer) => void }): Buffer {
  const bodyWriter = new Writer();
  body?.write(bodyWriter);
  const w = new Writer();
  w.byte(0x6c); // 'l'
  w.byte(1); // method call
  w.byte(0);
  w.byte(1);
  w.uint32(bodyWriter.bytes.length);
  w.uint32(serial);
  const fields = new Writer();
  // Offsets inside the fields array are relative to the message start: the array starts at 16.
  fields.bytes = new Array<number>(16).fill(0);
  const field = (code: number, sig: string, put: (x: Writer) => void) => {
    fields.align(8);
    fields.byte(code);
    fields.signature(sig);
    put(fields);
  };
  field(1, 'o', (x) => x.string('/org/freedesktop/DBus'));
  field(2, 's', (x) => x.string('org.freedesktop.DBus'));
  field(3, 's', (x) => x.string(member));
  field(6, 's', (x) => x.string('org.freedesktop.DBus'));
  if (body) field(8, 'g', (x) => x.signature(body.signature));
  const fieldBytes = fields.bytes.slice(16);
  w.uint32(fieldBytes.length);
  w.bytes.push(...fieldBytes);
  w.align(8);
  return Buffer.from([...w.bytes, ...bodyWriter.bytes]);
}

export interface TrayHost {
  close(): Promise<void>;
}

/** Connects to the session bus and takes the watcher name; resolves once the bus says we own it. */
export async function startTrayHost(address = process.env.DBUS_SESSION_BUS_ADDRESS): Promise<TrayHost> {
  const socket: Socket = connect(busPath(address));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let received = Buffer.alloc(0);
  socket.on('data', (chunk) => (received = Buffer.concat([received, chunk])));
  const waitFor = async (test: (b: Buffer) => boolean, what: string) => {
    const deadline = Date.now() + 5_000;
    while (!test(received)) {
      if (Date.now() > deadline) throw new Error(`session bus: no ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const uid = String(process.getuid?.() ?? 0);
  socket.write(Buffer.concat([Buffer.from([0]), Buffer.from(`AUTH EXTERNAL ${Buffer.from(uid).toString('hex')}\r\n`)]));
  await waitFor((b) => b.includes('\r\n'), 'auth answer');
  if (!received.toString('latin1').startsWith('OK ')) throw new Error(`session bus refused auth: ${received.toString('latin1').trim()}`);
  received = Buffer.alloc(0);
  socket.write('BEGIN\r\n');
  socket.write(methodCall(1, 'Hello'));
  socket.write(methodCall(2, 'RequestName', { signature: 'su', write: (w) => { w.string(WATCHER); w.uint32(4); } }));
  // Two replies (Hello's unique name, RequestName's result) and a NameAcquired signal.
  await waitFor((b) => b.includes(Buffer.from(WATCHER)), 'NameAcquired');
  return {
    async close() {
      await new Promise<void>((resolve) => socket.end(resolve));
      socket.destroy();
    },
  };
}
