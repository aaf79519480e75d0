// JSON.parse keeps the last of two equal keys without a word, so {"qty":1,"qty":100} would be read
// as 100 by us and as 1 by a tool that keeps the first. Such a line means two things and is refused.
// This runs only on lines JSON.parse accepted, so the text is known to be well formed.

/** The first key that appears twice in one object of the line, or undefined. */
export function duplicateKey(json: string): string | undefined {
  // One entry per open object (its keys so far) or array (null).
  const stack: Array<Set<string> | null> = [];
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === '"') {
      let end = i + 1;
      while (json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top && expectKey) {
        const key = JSON.parse(json.slice(i, end + 1)) as string;
        if (top.has(key)) return key;
        top.add(key);
        expectKey = false;
      }
      i = end;
    } else if (c === '{') {
      stack.push(new Set());
      expectKey = true;
    } else if (c === '[') {
      stack.push(null);
    } else if (c === '}' || c === ']') {
      stack.pop();
      expectKey = false;
    } else if (c === ',') {
      expectKey = stack[stack.length - 1] instanceof Set;
    }
  }
  return undefined;
}
