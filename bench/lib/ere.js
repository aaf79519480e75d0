// The signature patterns as POSIX extended regular expressions for grep: \d spelt [0-9], \xHH
// and \t as the characters they stand for, negative look-aheads dropped (grep matches a little
// more there), case-insensitive patterns spelt out letter by letter ([aA]) since ERE has no
// per-pattern flag.
const flip = (ch) => (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase());

function toEre(pattern, ignoreCase) {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      const next = pattern[++i];
      if (next === 'x') {
        out += String.fromCharCode(parseInt(pattern.slice(i + 1, i + 3), 16));
        i += 2;
      } else out += next === 'd' ? '[0-9]' : next === 't' ? '\t' : `\\${next}`;
    } else if (ch === '[') {
      let j = i + 1;
      while (j < pattern.length && !(pattern[j] === ']' && j > i + 1)) j += pattern[j] === '\\' ? 2 : 1;
      let body = pattern.slice(i + 1, j).replace(/\\x([0-9a-fA-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))).replace(/\\d/g, '0-9').replace(/\\s/g, ' \t').replace(/\\\[/g, '[').replace(/\\\]/g, ']').replace(/\\\\/g, '\\');
      if (ignoreCase) body += [...body].filter((c) => /[a-zA-Z]/.test(c)).map(flip).join('');
      out += `[${body}]`;
      i = j;
    } else if (ch === '(' && pattern[i + 1] === '?') {
      const close = pattern.indexOf(')', i);
      i = close;
    } else if (ignoreCase && /[a-zA-Z]/.test(ch)) out += `[${ch}${flip(ch)}]`;
    else out += ch;
  }
  return out;
}

export function erePatterns(signatures) {
  const lookAheads = signatures.filter((s) => s.pattern.includes('(?!')).length;
  return { patterns: signatures.map((s) => toEre(s.pattern, s.ignore_case === true)), dropped: [`${lookAheads} negative look-ahead${lookAheads === 1 ? '' : 's'}`] };
}
