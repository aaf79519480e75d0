// English texts for what reconcile reads from the store database through the mapping: values it
// cannot compare, times it read in the store's zone, and a count posted before (part of en.ts).
export const enReconcileValues = {
  'reconcile.badValue.sku': '{file}: {key}: column {column} gave {value}, which is not a SKU (text or a whole number); nothing was compared or written',
  'reconcile.badValue.time': '{file}: {key}: column {column} gave {value}, which is not a date and time (ISO 8601, or YYYY-MM-DD HH:MM:SS in the store\'s zone); nothing was compared or written',
  'reconcile.badValue.number': '{file}: {key}: column {column} gave {value}, which is not a number; nothing was compared or written',
  'reconcile.badValue.text': '{file}: {key}: column {column} gave {value}, which is neither text nor a whole number; nothing was compared or written',
  'hint.mappingValue': 'make that column return a proper value for every row (convert in the SQL with CAST, strftime or CASE; see "Mappings for other store systems" in the README), then run the command again',
  'reconcile.localTimes': 'warning: {key} gives times without a UTC offset (such as "{example}"); they were read as {zone} time',
  'reconcile.stockAlready': 'Stocktake {ref} (this count) is already in the database and recorded stock agrees with it; nothing was written.',
  'reconcile.stocktakeExists': 'stocktake {ref} is already in {file}, yet {count} SKU(s) now differ from this count; nothing was changed',
  'hint.stocktakeExists': 'a count is posted once: run store-ops reconcile stock to see where stock stands, and post a recount as a new count file (it gets its own reference)',
} as const;
