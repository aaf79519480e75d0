// Where the AWS SDK's default chain will take credentials from, worked out the way the chain looks
// for them (environment, then the shared files' profile, then a web identity token, then the
// container or instance role), without reading or printing any secret: `config check` says it,
// and every refusal names it, so a person knows which key to fix.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Sentence } from '../../core/i18n.js';

export type CredentialKind = 'environment' | 'profile' | 'web-identity' | 'container' | 'instance';

export interface CredentialSource {
  kind: CredentialKind;
  /** The profile and the file that holds it, for `profile`. */
  profile?: string;
  file?: string;
}

function profileIn(file: string, profile: string, configStyle: boolean): boolean {
  if (!existsSync(file)) return false;
  const wanted = configStyle && profile !== 'default' ? `profile ${profile}` : profile;
  return readFileSync(file, 'utf8').split(/\r?\n/).some((line) => {
    const m = /^\s*\[\s*([^\]]+?)\s*\]\s*$/.exec(line);
    return m?.[1] === wanted || (configStyle && m?.[1] === profile);
  });
}

export function credentialSource(env: NodeJS.ProcessEnv = process.env): CredentialSource {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return { kind: 'environment' };
  }
  const profile = env.AWS_PROFILE || 'default';
  const home = os.homedir();
  const credentials = env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials');
  const config = env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config');
  for (const [file, configStyle] of [[credentials, false], [config, true]] as const) {
    if (profileIn(file, profile, configStyle)) return { kind: 'profile', profile, file };
  }
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE) return { kind: 'web-identity', file: env.AWS_WEB_IDENTITY_TOKEN_FILE };
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) return { kind: 'container' };
  return { kind: 'instance' };
}

/** The source as a sentence in the reader's language (config check, and every refusal of a bucket). */
export function credentialSentence(source: CredentialSource): Sentence {
  return { key: `configCheck.credentials.${source.kind}`, params: { profile: source.profile ?? '', file: source.file ?? '' } };
}
