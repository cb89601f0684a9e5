/** The AWS SDK's Node-22 notice is silenced (bin/quiet-sdk-notice.mjs, loaded for tests as for the CLI); other warnings still show. */
import { describe, expect, it } from 'vitest';
import '../../bin/quiet-sdk-notice.mjs';

describe('the SDK notice filter', () => {
  it('drops only the AWS SDK Node-version notice', async () => {
    // Prepare
    const seen: string[] = [];
    const listener = (w: Error) => seen.push(`${w.name}: ${w.message}`);
    process.on('warning', listener);
    // Act
    process.emitWarning('The AWS SDK for JavaScript (v3) versions published after ... will require node >=22.', 'NodeVersionSupportWarning');
    process.emitWarning(Object.assign(new Error('future versions need node 22'), { name: 'NodeVersionSupportWarning' }), { type: 'NodeVersionSupportWarning' } as never);
    process.emitWarning('something else entirely', 'ExperimentalWarning');
    await new Promise((r) => setImmediate(r));
    process.off('warning', listener);
    // Assess
    expect(seen).toEqual(['ExperimentalWarning: something else entirely']);
  });
});
