import { SetMetadata } from '@nestjs/common';
import type { Role } from '@ioc/contracts/auth.schema';

export const MIN_ROLE_KEY = 'ioc:minRole';

/**
 * The lowest role allowed on a controller or route (roles are ordered responder < operator < supervisor
 * < admin). Routes without it need a console role (DEFAULT_MIN_ROLE, operator); `responder` opens a route
 * to responders too (their own session). Routes only for responders are marked @ResponderOnly.
 */
export const MinRole = (role: Role) => SetMetadata(MIN_ROLE_KEY, role);
