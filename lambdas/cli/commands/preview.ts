/** `newsletter preview [--port N]`: starts the editor preview on 127.0.0.1 and prints its URL; Ctrl-C stops it. */
import { startPreviewServer } from '../../local/preview-server.ts';
import { AppError } from '../../errors.ts';
import type { CommandModule } from '../context.ts';

export const run: CommandModule['run'] = async (_args, opts, { config, out }) => {
  const port = (opts.port as number | undefined) ?? config.ports.preview;
  let server;
  try {
    server = await startPreviewServer(config, { port });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new AppError('port_busy', `port ${port} is already in use`, { hint: 'stop the other process or pass --port N' });
    throw err;
  }
  out(`preview: ${server.url}`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
};
