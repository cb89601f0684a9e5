#!/usr/bin/env node
// Entry point of the `newsletter` command: registers tsx so the TypeScript sources run
// without a build step, then hands over to lambdas/cli/main.ts.
import { register } from 'tsx/esm/api';

// The AWS SDK warns on every run that a future release needs Node 22; Lambda runs Node 22
// and the local stack works on Node 20, so keep the terminal quiet about it.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  const text = typeof warning === 'string' ? warning : warning?.message ?? '';
  const type = typeof rest[0] === 'string' ? rest[0] : rest[0]?.type;
  if (type === 'NodeVersionSupportWarning' || /AWS SDK for JavaScript \(v3\)/.test(text)) return;
  emitWarning(warning, ...rest);
};

register();
await import('../lambdas/cli/main.ts');
