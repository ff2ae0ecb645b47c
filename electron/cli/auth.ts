// The command line acts as a signed-in user, authenticated as the app signs in (throttled, locked, audited):
// the user from --user (or LUOTSI_USER), the password from LUOTSI_PASSWORD or, at a terminal, a prompt that does
// not echo. Nothing else (no user chosen for you, no password in an argument that `ps` would show).
import { AppError } from '../../shared/contract/errors';
import type { Role } from '../../shared/roles';
import type { Core } from '../core/core';
import type { SignedInContext } from '../core/context';
import { authenticate } from '../core/auth/service';
import { wallTime } from '../core/clock';
import { CliUsageError } from './args';
import { promptHidden } from './prompt';

/** The password of the user the command acts as: LUOTSI_PASSWORD, or asked at a terminal. */
async function password(username: string, env: NodeJS.ProcessEnv): Promise<string> {
  if (env.LUOTSI_PASSWORD !== undefined) return env.LUOTSI_PASSWORD;
  if (process.stdin.isTTY) return promptHidden(`Salasana (${username}): `);
  throw new CliUsageError('Anna salasana ympäristömuuttujassa LUOTSI_PASSWORD tai aja komento päätteessä, jolloin salasanaa kysytään.');
}

/**
 * Signs in the user the command acts as and returns a signed-in context for the core, as a window's session
 * would be after session.signIn. `roles`: who may run the command.
 */
export async function signInCli(core: Core, opts: { user?: string; roles: readonly Role[]; command: string; env?: NodeJS.ProcessEnv }): Promise<SignedInContext> {
  const env = opts.env ?? process.env;
  const username = (opts.user ?? env.LUOTSI_USER ?? '').trim();
  if (!username) throw new CliUsageError('Anna käyttäjä, jona komento ajetaan: --user KÄYTTÄJÄTUNNUS (tai LUOTSI_USER); salasana LUOTSI_PASSWORD-muuttujasta tai kysytään.');
  const user = await authenticate(core, { username, password: await password(username, env) }, { central: false });
  core.audit.write({ userId: user.id, action: 'session.signIn', details: { via: 'cli', command: opts.command } });
  if (!opts.roles.includes(user.role)) throw new AppError('FORBIDDEN', `Käyttäjällä ${user.username} ei ole oikeutta tähän komentoon.`);
  const session = { user, lastActiveAt: wallTime(core.clock) };
  return { ...core, session, user };
}
