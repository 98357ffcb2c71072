import type { Socket } from 'socket.io';

/** The engine.io internals we read (stable across engine.io 6.x; typed here because they are not public). */
interface EngineConn {
  writeBuffer?: { data?: unknown }[];
  transport?: { writable?: boolean; socket?: { bufferedAmount?: number } };
}

const size = (d: unknown): number =>
  typeof d === 'string' ? d.length : d instanceof ArrayBuffer || ArrayBuffer.isView(d) ? d.byteLength : 0;

/**
 * Bytes queued for one client inside this process: packets engine.io holds while the transport is busy
 * (a WebSocket stays "not writable" until the kernel has taken the previous frames) plus what the
 * WebSocket has handed to Node's socket but the kernel has not taken yet. A client that stops reading
 * makes this grow once its TCP window and the kernel buffers are full.
 */
export function pendingBytes(socket: Socket): number {
  const conn = socket.conn as unknown as EngineConn;
  let n = conn.transport?.socket?.bufferedAmount ?? 0;
  for (const p of conn.writeBuffer ?? []) n += size(p.data) + 1;
  return n;
}

/** Whether a volatile message would be sent now (socket.io drops it when the transport is busy). */
export function canSendNow(socket: Socket): boolean {
  const conn = socket.conn as unknown as EngineConn;
  return socket.connected && conn.transport?.writable === true && (conn.writeBuffer?.length ?? 0) === 0;
}

/**
 * Closes a client's connection now, dropping what is queued for it. `socket.disconnect(true)` alone
 * lets engine.io wait for its queue to drain before closing, and a WebSocket close waits for the peer's
 * close frame (30 s): a client that stops reading would keep its buffers that long, or for ever.
 */
export function cutConnection(socket: Socket): void {
  const conn = socket.conn as unknown as EngineConn & { close(discard?: boolean): void };
  const ws = conn.transport?.socket as { terminate?: () => void } | undefined;
  socket.disconnect(true);
  conn.close(true);
  ws?.terminate?.();
}
