/**
 * Windows command lines checked as text on Linux: split as cmd and PowerShell split them, and held
 * against each tool's documented switches (schtasks, signtool, the ScheduledTasks cmdlets), so a
 * doc cannot print a switch the tool does not have or forget one it needs.
 */

/** Splits a cmd line: spaces separate, double quotes group (and are dropped). */
export function splitCmd(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

/** Splits a PowerShell line: quotes and (…) groups are one word each; quotes are dropped, groups kept. */
export function splitPowerShell(line: string): string[] {
  const words: string[] = [];
  let at = 0;
  while (at < line.length) {
    if (line[at] === ' ') {
      at++;
      continue;
    }
    const quote = line[at];
    if (quote === "'" || quote === '"') {
      let end = line.indexOf(quote, at + 1);
      // Inside single quotes, '' is one literal quote (about_Quoting_Rules).
      while (quote === "'" && end !== -1 && line[end + 1] === "'") end = line.indexOf(quote, end + 2);
      if (end === -1) throw new Error(`unclosed ${quote} in: ${line}`);
      words.push(quote === "'" ? line.slice(at + 1, end).replaceAll("''", "'") : line.slice(at + 1, end));
      at = end + 1;
      continue;
    }
    let end = at;
    for (let depth = 0; end < line.length && (depth > 0 || line[end] !== ' '); end++) {
      if (line[end] === '(') depth++;
      if (line[end] === ')') depth--;
    }
    words.push(line.slice(at, end));
    at = end;
  }
  return words;
}

/** A tool's switches: name → the values it takes (a list of allowed ones, 'any', or null for a bare flag). */
export type Switches = Record<string, readonly string[] | 'any' | null>;

/** `schtasks /Create|/Run|/Query|/Delete` (learn.microsoft.com/windows-server/administration/windows-commands/schtasks). */
export const SCHTASKS: Record<string, Switches> = {
  '/Create': {
    '/S': 'any',
    '/U': 'any',
    '/P': 'any',
    '/RU': 'any',
    '/RP': 'any',
    '/SC': ['MINUTE', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'ONCE', 'ONSTART', 'ONLOGON', 'ONIDLE', 'ONEVENT'],
    '/MO': 'any',
    '/D': 'any',
    '/M': 'any',
    '/I': 'any',
    '/TN': 'any',
    '/TR': 'any',
    '/ST': 'any',
    '/RI': 'any',
    '/ET': 'any',
    '/DU': 'any',
    '/K': null,
    '/SD': 'any',
    '/ED': 'any',
    '/IT': null,
    '/NP': null,
    '/Z': null,
    '/XML': 'any',
    '/V1': null,
    '/F': null,
    '/RL': ['LIMITED', 'HIGHEST'],
    '/DELAY': 'any',
    '/HRESULT': null,
  },
  '/Run': { '/S': 'any', '/U': 'any', '/P': 'any', '/TN': 'any', '/I': null, '/HRESULT': null },
  '/Query': { '/S': 'any', '/U': 'any', '/P': 'any', '/FO': ['TABLE', 'LIST', 'CSV'], '/NH': null, '/V': null, '/TN': 'any', '/XML': null, '/HRESULT': null },
  '/Delete': { '/S': 'any', '/U': 'any', '/P': 'any', '/TN': 'any', '/F': null, '/HRESULT': null },
};

/** `signtool sign|verify|remove` (learn.microsoft.com/windows/win32/seccrypto/signtool), the switches a release uses. */
export const SIGNTOOL: Record<string, Switches> = {
  sign: {
    '/fd': ['SHA256', 'SHA384', 'SHA512'],
    '/f': 'any',
    '/p': 'any',
    '/tr': 'any',
    '/td': ['SHA256', 'SHA384', 'SHA512'],
    '/a': null,
    '/n': 'any',
    '/sha1': 'any',
    '/d': 'any',
  },
  verify: { '/pa': null, '/v': null, '/all': null },
  remove: { '/s': null, '/c': null, '/q': null, '/v': null },
};

/** The ScheduledTasks, archive and time cmdlets used (learn.microsoft.com/powershell/module/scheduledtasks). */
export const CMDLETS: Record<string, Switches> = {
  'New-ScheduledTaskAction': { '-Execute': 'any', '-Argument': 'any', '-WorkingDirectory': 'any', '-Id': 'any' },
  'New-ScheduledTaskTrigger': { '-AtStartup': null, '-AtLogOn': null, '-User': 'any', '-RandomDelay': 'any' },
  'New-ScheduledTaskSettingsSet': {
    '-ExecutionTimeLimit': 'any',
    '-RestartCount': 'any',
    '-RestartInterval': 'any',
    '-AllowStartIfOnBatteries': null,
    '-DontStopIfGoingOnBatteries': null,
    '-StartWhenAvailable': null,
  },
  'Register-ScheduledTask': {
    '-TaskName': 'any',
    '-TaskPath': 'any',
    '-Action': 'any',
    '-Trigger': 'any',
    '-Settings': 'any',
    '-User': 'any',
    '-Password': 'any',
    '-RunLevel': ['Limited', 'Highest'],
    '-Description': 'any',
    '-Force': null,
  },
  'Set-ScheduledTask': { '-TaskName': 'any', '-TaskPath': 'any', '-Settings': 'any', '-Action': 'any', '-Trigger': 'any', '-User': 'any', '-Password': 'any' },
  'New-TimeSpan': { '-Days': 'any', '-Hours': 'any', '-Minutes': 'any', '-Seconds': 'any' },
  'Unblock-File': { '-Path': 'any' },
  'Expand-Archive': { '-Path': 'any', '-DestinationPath': 'any', '-Force': null },
  'Get-Content': { '-Path': 'any', '-Tail': 'any', '-Wait': null, '-Encoding': 'any' },
};

/** Parsed switches of one command, checked against `table`; positional words in `rest`. Throws on an unknown switch or value. */
export function checkSwitches(words: string[], table: Switches, caseless: boolean): { values: Map<string, string | true>; rest: string[] } {
  const norm = (s: string) => (caseless ? s.toLowerCase() : s);
  const known = new Map(Object.entries(table).map(([k, v]) => [norm(k), { name: k, takes: v }]));
  const values = new Map<string, string | true>();
  const rest: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!/^[/-][A-Za-z]/.test(word) || word.includes('\\')) {
      rest.push(word);
      continue;
    }
    const spec = known.get(norm(word));
    if (!spec) throw new Error(`unknown switch ${word}`);
    if (spec.takes === null) {
      values.set(spec.name, true);
      continue;
    }
    const value = words[++i];
    if (value === undefined) throw new Error(`${word} needs a value`);
    if (spec.takes !== 'any' && !spec.takes.some((v) => norm(v) === norm(value))) throw new Error(`${word} ${value}: use one of ${spec.takes.join(', ')}`);
    values.set(spec.name, value);
  }
  return { values, rest };
}
