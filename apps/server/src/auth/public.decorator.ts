import { SetMetadata } from '@nestjs/common';

export const PUBLIC_KEY = 'ioc:public';

/** The only routes without a token: health and login (the global guard checks everything else). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
