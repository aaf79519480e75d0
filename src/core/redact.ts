// What never reaches a record: option values whose name says they are secret, anything shaped
// like a secret key (age, minisign), and an operator name that holds one (replaced whole). Kept
// apart from the audit log so the context can redact the operator without opening any database.
const SECRET_OPTION = /pass(word|phrase)?|secret|token|credential/i;
const AGE_SECRET = /AGE-SECRET-KEY-[0-9A-Z-]+/gi;
// A minisign secret key's base64 line: "EdScB2" (scrypt-protected) or "Ed\0\0B2" (unprotected),
// then 152 bytes; a public key line is far shorter.
const MINISIGN_SECRET = /RW(?:RTY0Iy|QAAEIy)[A-Za-z0-9+/]{150,}={0,2}/g;
const REDACTED = '[redacted]';

export const redactSecrets = (text: string) => text.replace(AGE_SECRET, REDACTED).replace(MINISIGN_SECRET, REDACTED);

export function redactOperator(operator: string): string {
  return redactSecrets(operator) === operator ? operator : REDACTED;
}

export function redactArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = redactSecrets(args[i]!);
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0 && SECRET_OPTION.test(arg.slice(0, eq))) {
      out.push(`${arg.slice(0, eq)}=${REDACTED}`);
      continue;
    }
    out.push(arg);
    const next = args[i + 1];
    if (arg.startsWith('--') && SECRET_OPTION.test(arg) && next !== undefined && !next.startsWith('-')) {
      out.push(REDACTED);
      i++;
    }
  }
  return out;
}
