/** `newsletter themes`: not built yet (see the open issues). */
import { AppError } from '../../errors.ts';
import type { CommandModule } from '../context.ts';

export const run: CommandModule['run'] = async () => {
  throw new AppError('not_implemented', "'themes' is not available yet", { exitCode: 2 });
};
