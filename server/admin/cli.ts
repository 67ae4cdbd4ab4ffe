/**
 * `npm run admin -- …`: camera tokens and accounts from the server machine's command line. It
 * edits the data folder's files; a running relay picks the change up within a second or two.
 */
import { parseArgs } from 'node:util';
import { CamrelayError } from '../../shared/errors.js';
import { CAMERA_ID_PATTERN } from '../../shared/protocol.js';
import { hashPassword, randomPassword } from '../auth/passwords.js';
import { AuthStore, type Role } from '../auth/store.js';

export const ADMIN_USAGE = `Usage: npm run admin -- <command> [--data-dir <folder>]

  token create --camera <id> [--label <text>]   a token for one camera (shown once)
  token list                                    tokens, without their secrets
  token revoke <token id>                       the camera using it is disconnected
  user add <name> --role admin|viewer [--cameras '*'|a,b] [--password <p>]   (a password is generated if none)
  user list
  user remove <name>`;

function fail(message: string): never {
  throw new CamrelayError('BAD_CONFIG', message);
}

export async function runAdmin(argv: string[], out: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      camera: { type: 'string' },
      label: { type: 'string' },
      role: { type: 'string' },
      cameras: { type: 'string' },
      password: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const [what, verb, arg] = positionals;
  if (values.help || !what) return out(ADMIN_USAGE);
  const store = new AuthStore(values['data-dir'] ?? env.CAMRELAY_DATA_DIR ?? 'data');
  const command = `${what} ${verb ?? ''}`.trim();
  switch (command) {
    case 'token create': {
      if (!values.camera || !CAMERA_ID_PATTERN.test(values.camera)) fail('token create needs --camera <id> (letters, digits, _ and -).');
      const { token, secret } = store.createToken(values.camera, values.label ?? '');
      out(`token ${token.id} for camera ${token.cameraId}: ${secret}`);
      out('It is shown only now. On the camera PC: npm run capture -- --camera ' + token.cameraId + ' --token ' + secret + ' --server <relay>');
      return;
    }
    case 'token list':
      for (const t of store.listTokens()) out(`${t.id}  ${t.cameraId}  ${new Date(t.createdAt).toISOString()}  ${t.label}`);
      return;
    case 'token revoke':
      if (!arg || !store.revokeToken(arg)) fail(`No token with id ${arg ?? '(none given)'}; see "token list".`);
      out(`revoked ${arg}`);
      return;
    case 'user add': {
      if (!arg || !/^[A-Za-z0-9_.-]{1,64}$/.test(arg)) fail('user add needs a name of 1-64 letters, digits, _ . or -.');
      const role = (values.role ?? 'viewer') as Role;
      if (role !== 'admin' && role !== 'viewer') fail('--role is admin or viewer.');
      const cameras = !values.cameras || values.cameras === '*' ? '*' : values.cameras.split(',').map((c) => c.trim());
      if (cameras !== '*' && !cameras.every((c) => CAMERA_ID_PATTERN.test(c))) fail('--cameras is * or a comma-separated list of camera ids.');
      const existing = store.getUser(arg);
      if (existing?.role === 'admin' && role !== 'admin' && store.listUsers().filter((u) => u.role === 'admin').length === 1)
        fail('The last admin cannot be made a viewer.');
      const password = values.password ?? randomPassword();
      if (password.length < 10) fail('The password needs at least 10 characters.');
      store.putUser({ username: arg, role, cameras, password: await hashPassword(password) });
      out(`user ${arg} (${role}, cameras ${cameras === '*' ? '*' : cameras.join(',')})${values.password ? '' : `, password: ${password}`}`);
      return;
    }
    case 'user list':
      for (const u of store.listUsers()) out(`${u.username}  ${u.role}  ${u.cameras === '*' ? '*' : u.cameras.join(',')}`);
      return;
    case 'user remove': {
      const user = arg ? store.getUser(arg) : undefined;
      if (!user) fail(`No user ${arg ?? '(none given)'}.`);
      if (user.role === 'admin' && store.listUsers().filter((u) => u.role === 'admin').length === 1) fail('The last admin cannot be removed.');
      store.deleteUser(user.username);
      out(`removed ${user.username}`);
      return;
    }
    default:
      fail(`Unknown command "${command}".\n${ADMIN_USAGE}`);
  }
}
