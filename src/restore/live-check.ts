// What a restore (or its undo) found when it opened the databases it had just put in place, with
// what a person's text needs to say it: which database and file, how deep the look went.
import type { Check } from '../backup/stage.js';

export interface LiveCheck extends Check {
  /** The database's name in the config, or the file's path when the undo has no name for it. */
  database: string;
  file: string;
  depth: 'header' | 'quick_check';
  /** Pages in the file, from the manifest: what the header check compared. */
  pages?: number;
}
