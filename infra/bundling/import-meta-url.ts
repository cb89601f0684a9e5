/**
 * Injected into every Lambda bundle (newsletter-function.ts defines `import.meta.url` as
 * this): the URL of the bundle's own file, which is what `import.meta.url` is in an ES
 * module. The bundles are CommonJS, where __filename is that file.
 */
import { pathToFileURL } from 'node:url';

export const importMetaUrl = pathToFileURL(__filename).href;
