import { SetMetadata } from '@nestjs/common';
import type { Role } from '@ioc/contracts/auth.schema';

export const MIN_ROLE_KEY = 'ioc:minRole';

/**
 * The lowest role allowed on a controller or route (roles are ordered operator < supervisor < admin).
 * Routes without it need only a valid token.
 */
export const MinRole = (role: Role) => SetMetadata(MIN_ROLE_KEY, role);
