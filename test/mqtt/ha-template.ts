/**
 * A Home Assistant value template rendered by Jinja itself (Python's jinja2, in the immutable sandbox
 * Home Assistant's TemplateEnvironment extends), with `value_json` as the MQTT integration sets it.
 * Home Assistant's own filters (to_json…) are not there: a template meant to run here uses Jinja's.
 */
import { execFileSync, spawnSync } from 'node:child_process';

const RENDER = `
import json, sys
from jinja2.sandbox import ImmutableSandboxedEnvironment
args = json.load(sys.stdin)
sys.stdout.write(ImmutableSandboxedEnvironment().from_string(args["template"]).render(value_json=args["value_json"]))
`;

/** True when python3 with jinja2 is on this machine. */
export function jinjaAvailable(): boolean {
  return spawnSync('python3', ['-c', 'import jinja2'], { stdio: 'ignore' }).status === 0;
}

/** The template's output for a message whose JSON is `valueJson`. */
export function renderValueTemplate(template: string, valueJson: unknown): string {
  return execFileSync('python3', ['-c', RENDER], { input: JSON.stringify({ template, value_json: valueJson }), encoding: 'utf8' });
}

/** Every `value_json.a.b` path the template reads, as key lists. */
export function templatePaths(template: string): string[][] {
  return [...template.matchAll(/value_json((?:\.[A-Za-z_]\w*)+)/g)].map((m) => m[1]!.slice(1).split('.'));
}
