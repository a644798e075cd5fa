import type { Dataset } from '../model/index.js';

export interface LoadOptions {
  /** Called as files are read, for progress on large directories. */
  onFile?: (relPath: string) => void;
}

/** Reads one external layout into attune's model. */
export interface Adapter {
  /** The name used with --format. */
  format: string;
  /** True when the directory holds this layout's files (any of its splits or files). */
  detect(dir: string): boolean;
  /** Loads whichever of the layout's files are present; throws DataError on bad input. */
  load(dir: string, opts?: LoadOptions): Dataset;
}
