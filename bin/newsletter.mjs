#!/usr/bin/env node
// Entry point of the `newsletter` command: registers tsx so the TypeScript sources run
// without a build step, then hands over to lambdas/cli/main.ts.
import { register } from 'tsx/esm/api';

import './quiet-sdk-notice.mjs';

register();
await import('../lambdas/cli/main.ts');
