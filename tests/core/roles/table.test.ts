// The role table decides on the command and the flags that change what it does.
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/cli.js';
import { ROLE_TABLE, neededFor } from '../../../src/core/roles/table.js';

describe('the role table', () => {
  it('names every command of the registry, so none falls to the manager-only default by being forgotten', () => {
    expect(COMMANDS.map((c) => c.words.join(' ')).filter((c) => !Object.hasOwn(ROLE_TABLE, c))).toEqual([]);
  });

  it('raises for flags that change the store and lowers for plans that change nothing', () => {
    expect(neededFor('reconcile sales', {})).toEqual({ role: 'operator', what: 'reconcile sales' });
    expect(neededFor('reconcile sales', { apply: true })).toEqual({ role: 'manager', what: 'reconcile sales --apply' });
    expect(neededFor('backup schedule', {})).toEqual({ role: 'viewer', what: 'backup schedule' });
    expect(neededFor('backup schedule', { install: true })).toEqual({ role: 'manager', what: 'backup schedule --install' });
    expect(neededFor('restore', { dryRun: true })).toEqual({ role: 'operator', what: 'restore --dry-run' });
    expect(neededFor('restore', { undo: true, dryRun: true })).toEqual({ role: 'manager', what: 'restore --undo' });
    expect(neededFor('backup prune', { dryRun: true }).role).toBe('operator');
    expect(neededFor('backup prune', {}).role).toBe('manager');
    expect(neededFor('demo init', {}).role).toBe('anyone');
    expect(neededFor('a command from a newer version', {}).role).toBe('manager');
  });
});
