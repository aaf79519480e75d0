// What must hold of store-ops.yaml before its keys are checked: one YAML document, not empty, a
// mapping at the top, and aliases that do not expand into a resource-exhaustion bomb (the yaml
// package stops at maxAliasCount). Each is a config error naming the file and line, not a crash.
import { isAlias, isMap, isScalar, isSeq, visit, type Document, type LineCounter } from 'yaml';
import { configError } from '../errors.js';

function firstAliasLine(doc: Document, lines: LineCounter): number {
  let line = 1;
  visit(doc, {
    Alias(_key, node) {
      if (isAlias(node) && node.range) line = lines.linePos(node.range[0]).line;
      return visit.BREAK;
    },
  });
  return line;
}

/** The line where a second document starts, if the text holds more than one. */
export function secondDocumentLine(errors: Document['errors'], lines: LineCounter): number | undefined {
  const many = errors.find((e) => e.code === 'MULTIPLE_DOCS');
  return many ? lines.linePos(many.pos[0]).line : undefined;
}

export function manyDocuments(shown: string, line: number) {
  return configError('config.manyDocuments', { file: shown, line }, { key: 'hint.configOneDocument', params: { file: shown } });
}

/** The document as plain data, once it is known to be a non-empty mapping. */
export function mappingData(doc: Document, lines: LineCounter, shown: string): unknown {
  const top = doc.contents;
  if (top === null) {
    throw configError('config.empty', { file: shown }, { key: 'hint.configEmpty', params: { file: shown } });
  }
  if (!isMap(top)) {
    const line = top.range ? lines.linePos(top.range[0]).line : 1;
    if (isSeq(top)) throw configError('config.notMappingList', { file: shown, line }, { key: 'hint.configMapping' });
    const got = isScalar(top) ? JSON.stringify(top.toJSON()) : String(top);
    throw configError('config.notMapping', { file: shown, line, got }, { key: 'hint.configMapping' });
  }
  try {
    return doc.toJS();
  } catch (err) {
    if (err instanceof ReferenceError && /alias/i.test(err.message)) {
      throw configError('config.aliasBomb', { file: shown, line: firstAliasLine(doc, lines) }, { key: 'hint.configAliases', params: { file: shown } });
    }
    throw err;
  }
}
