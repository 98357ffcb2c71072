import { SetMetadata } from '@nestjs/common';

export const RESPONDER_ONLY_KEY = 'ioc:responderOnly';

/**
 * A route of the field view: only responders (each scoped to its own unit by the handler); every console
 * role gets 403 there, as a responder does everywhere else.
 */
export const ResponderOnly = () => SetMetadata(RESPONDER_ONLY_KEY, true);
