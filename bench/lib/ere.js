// The signature patterns as POSIX extended regular expressions for grep: \d spelt [0-9], the
// one negative look-ahead dropped (grep matches a little more there), case-insensitive
// patterns spelt out letter by letter ([aA]) since ERE has no per-pattern flag.
const flip = (ch) => (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase());

function toEre(pattern, ignoreCase) {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      const next = pattern[++i];
      out += next === 'd' ? '[0-9]' : `\\${next}`;
    } else if (ch === '[') {
      let j = i + 1;
      while (j < pattern.length && !(pattern[j] === ']' && j > i + 1)) j += pattern[j] === '\\' ? 2 : 1;
      let body = pattern.slice(i + 1, j).replace(/\\d/g, '0-9').replace(/\\s/g, ' \t').replace(/\\\[/g, '[').replace(/\\\]/g, ']').replace(/\\\\/g, '\\');
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
  return { patterns: signatures.map((s) => toEre(s.pattern, s.ignore_case === true)), dropped: ['one negative look-ahead'] };
}
