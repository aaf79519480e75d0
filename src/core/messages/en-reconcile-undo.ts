// English texts for reconcile undo and for the change record an --apply keeps (part of the en catalogue, see en.ts).
export const enReconcileUndo = {
  'cmd.reconcileUndo': 'reverse a reconcile --apply from its change record (default: the newest not yet undone), keeping every sale made since',

  'reconcile.fallback.replace': '{subject} resolves conflicts with REPLACE, which deletes rows without a trace',
  'reconcile.fallback.virtual': '{subject} writes a virtual table',
  'reconcile.fallback.elsewhere': '{subject} writes outside the store database',
  'reconcile.fallback.unnamed': '{subject} writes a part of the database its schema does not name',
  'reconcile.fallback.system': 'the table {subject} is SQLite\'s own',
  'reconcile.fallback.not_table': '{subject} is not an ordinary table',
  'reconcile.fallback.without_rowid': 'the table {subject} is WITHOUT ROWID',
  'reconcile.fallback.hidden_rowid': 'the table {subject} has columns named rowid, oid and _rowid_',

  'hint.undoIds': 'the ids are the folder names in {dir}; without an id, reconcile undo takes the newest apply not yet undone',
  'hint.undoCopy': 'this apply kept a copy of the whole database instead; put it back with store-ops restore, or by hand (see the README, "Reconciling sales and stock")',

  'reconcile.undoNothing': 'there is no reconcile --apply to undo (no change record in {dir})',
  'reconcile.undoUnknown': 'there is no reconcile --apply named {id} in {dir}',
  'reconcile.undoIsCopy': 'reconcile --apply {id} kept a safety copy ({dir}), not a change record; reconcile undo cannot reverse it',
  'reconcile.undoAlready': 'reconcile --apply {id} was already undone at {at}; nothing was changed',
  'reconcile.undoWrongDatabase': 'the change record {id} is for {database}, which is not a database in the config; nothing was changed',
  'reconcile.undoRecordUnreadable': 'cannot read the change record {file}: {problem}; nothing was changed',
  'reconcile.undoUndecided': 'cannot tell whether reconcile --apply {id} reached {file}: it inserted no rows to look for; nothing was changed',
  'reconcile.undoGone': 'none of the rows reconcile --apply {id} entered are in {file} any more (undone already, or the database was restored since); nothing was changed',
  'reconcile.undoFailed': 'undoing reconcile --apply {id} in {file} failed and was rolled back entirely; nothing was changed: {problem}',

  'reconcile.undone': 'Undid {command} ({id}) in {database}, in one transaction:',
  'reconcile.undoneTable': '  {table}: {removed} row(s) it entered removed, {reversed} row(s) it changed put back, {reinserted} row(s) it deleted restored',
  'reconcile.undoneNothingLeft': 'Everything the apply wrote was reversed. The record stays in {dir}.',
  'reconcile.undoLeftHeader': 'Left as the store has them now, changed since the apply ({count}); the record in {dir} has what the apply wrote:',
  'reconcile.undoLeft.changed': '  {table} rowid {rowid}: changed since the apply',
  'reconcile.undoLeft.changedColumn': '  {table} rowid {rowid}: {column} changed since the apply',
  'reconcile.undoLeft.gone': '  {table} rowid {rowid}: no longer there',
  'reconcile.undoLeft.occupied': '  {table} rowid {rowid}: the row the apply deleted cannot come back, another row has its rowid',
  'reconcile.undoLeft.referred': '  {table} rowid {rowid}: a row the store added since refers to it',
  'reconcile.undoMore': '  … and {count} more (all of them: --json)',
  'reconcile.undoNeverCommitted': 'Nothing to undo: {command} ({id}) was stopped before its transaction committed, so it never changed {database}.',
} as const;
