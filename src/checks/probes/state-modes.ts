// Whether the state folder still has the owners and modes setup-permissions gave it. Checked only
// where roles are in force: a store that never set roles up keeps its private 0700 folder, and
// that is right for it. A change by hand (chmod 700, a file copied in as another user) would stop
// some roles from writing their audit rows, so it is a finding with the command that puts it back.
import type { StoreConfig } from '../../core/config/load.js';
import { rolesInForce } from '../../core/roles/authorize.js';
import { applyWanted, wantedModes } from '../../core/roles/file-modes.js';
import { findGroups } from '../../core/roles/os-accounts.js';
import { pasteable } from '../../core/pasteable.js';
import type { ProbeResult } from '../types.js';
import { begin, finish, problem } from './result.js';

export async function stateModesProbe(config: StoreConfig, configFlag: string | undefined): Promise<ProbeResult> {
  const m = begin('permissions:state', 'permissions');
  const state = wantedModes(config).find((w) => w.what === 'state')!;
  const params = { dir: config.state_dir, group: state.group };
  if (!rolesInForce(config.roles).enforced) return finish(m, 'ok', 0, 'paths', 'probe.stateModes.noRoles', params);
  const gid = findGroups([state.group])[0]?.gid ?? -1;
  const names = (id: number) => (id === gid ? state.group : String(id));
  const drift = applyWanted(state, () => gid, names, true).filter((c) => c.outcome === 'changed' || c.outcome === 'link');
  if (drift.length === 0) return finish(m, 'ok', 0, 'paths', 'probe.stateModes.ok', params);
  const command = pasteable(configFlag, ['setup-permissions']);
  const details = { ...params, count: drift.length, list: drift.slice(0, 3).map((c) => `${c.path} ${c.was}`).join('; '), command };
  const p = problem('state-permissions', 'human', null, 'finding.stateModes.title', 'finding.stateModes.explain', details, drift.map((c) => `${c.path}: ${c.was}, should be ${c.now}`));
  p.command = command;
  return finish(m, 'warning', drift.length, 'paths', 'probe.stateModes.drift', details, p);
}
