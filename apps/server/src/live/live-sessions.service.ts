import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { BOOT, type BootContext } from '../config/boot.context';
import { USER_SESSIONS_CHANNEL } from '../auth/user-sessions.repository';
import { LiveListener } from './live.listener';
import { LiveSessionsRepository } from './live-sessions.repository';
import type { IocServer, IocSocket } from './live-socket.types';

/** Safety net behind the notifications: every socket's user is re-checked this often. */
const SWEEP_MS = 60_000;

/**
 * Closes the live sockets of a user whose account changed (deactivated, other role) on this instance, at
 * once: the api instance that made the change notifies `USER_SESSIONS_CHANNEL` (auth/
 * user-sessions.repository.ts), every live instance LISTENs. A closed client reconnects with its token and
 * is authorised afresh (refused when deactivated, with its new role otherwise). A notification can be
 * lost while the LISTEN connection is down, so every (re)connect — and a slow sweep — compares each
 * socket's user with the database.
 */
@Injectable()
export class LiveSessionsService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('live-sessions');
  private server: IocServer | null = null;
  private listener: LiveListener | null = null;
  private timer: NodeJS.Timeout | null = null;
  readonly stats = { sessionsClosed: 0 };

  constructor(
    private readonly repo: LiveSessionsRepository,
    @Inject(BOOT) private readonly boot: BootContext,
  ) {}

  async onModuleInit(): Promise<void> {
    this.listener = new LiveListener({
      url: this.boot.databaseUrl,
      channel: USER_SESSIONS_CHANNEL,
      onNotify: (userId) => this.close((s) => s.data.user?.id === userId, 'account changed'),
      onListening: () => void this.sweep(),
      log: (m) => this.log.warn(m),
    });
    await this.listener.start();
    this.timer = setInterval(() => void this.sweep(), SWEEP_MS);
  }

  attach(server: IocServer): void {
    this.server = server;
  }

  private sockets(): IocSocket[] {
    return this.server ? [...this.server.sockets.sockets.values()] : [];
  }

  private close(match: (s: IocSocket) => boolean, why: string): void {
    for (const s of this.sockets()) {
      if (!match(s)) continue;
      this.stats.sessionsClosed++;
      this.log.log(`closing socket ${s.id} of ${s.data.user?.username ?? '?'}: ${why}`);
      s.disconnect(true);
    }
  }

  /** Closes every socket whose user is gone, inactive or of another role than when it connected. */
  async sweep(): Promise<void> {
    const ids = [...new Set(this.sockets().flatMap((s) => (s.data.user ? [s.data.user.id] : [])))];
    if (ids.length === 0) return;
    try {
      const rights = await this.repo.rights(ids);
      this.close((s) => {
        const r = s.data.user && rights.get(s.data.user.id);
        return !!s.data.user && (!r || !r.active || r.role !== s.data.user.role);
      }, 'account changed');
    } catch (e) {
      this.log.warn(`checking live sessions failed: ${(e as Error).message}`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.listener?.close();
  }
}
