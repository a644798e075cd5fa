import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** ../shared/data beside the project, or ATTUNE_SHARED_DATA. */
export const sharedData = process.env.ATTUNE_SHARED_DATA ?? path.resolve(root, '..', 'shared', 'data');
