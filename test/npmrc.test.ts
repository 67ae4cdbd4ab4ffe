/**
 * npm ci downloads nothing from outside the npm registry: onnxruntime-node's install script, which fetches
 * GPU providers from NuGet on Linux x64, is told to skip by .npmrc (npm 10, Node 20's own) and left unrun
 * by package.json's allowScripts (npm 11). The script runs here from a copy, through a proxy on port 0
 * that records where it was asked to connect and lets nothing through.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const ort = path.join(root, 'node_modules', 'onnxruntime-node');

describe("onnxruntime-node's install script", () => {
  let proxy: Server;
  const asked: string[] = [];
  let copy: string;

  beforeAll(async () => {
    proxy = createServer((req, res) => (asked.push(req.url ?? ''), res.writeHead(403).end()));
    proxy.on('connect', (req, socket) => (asked.push(req.url ?? ''), socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    // A copy, so a run that did download would write into a scratch folder, not the shared node_modules.
    copy = mkdtempSync(path.join(tmpdir(), 'camrelay-ort-install-'));
    cpSync(path.join(ort, 'script'), path.join(copy, 'script'), { recursive: true });
    cpSync(path.join(ort, 'package.json'), path.join(copy, 'package.json'));
  });
  afterAll(() => {
    proxy?.close();
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  /** The script as npm runs it for a dependency, with `extra` in its environment; its exit code. */
  async function install(extra: Record<string, string>): Promise<number> {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, NODE_PATH: path.join(root, 'node_modules'), ...extra };
    env.GLOBAL_AGENT_HTTP_PROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      await run(process.execPath, ['script/install.js'], { cwd: copy, env, timeout: 60_000 });
      return 0;
    } catch (error) {
      return (error as { code?: number }).code ?? -1;
    }
  }

  it('is told to skip by the .npmrc npm reads here, and then exits at once, asking no one for anything', async () => {
    const { stdout } = await run('npm', ['config', 'get', 'onnxruntime-node-install'], { cwd: root });
    expect(stdout.trim()).toBe('skip');
    // npm passes a project .npmrc key to every install script as npm_config_<key>.
    expect(await install({ npm_config_onnxruntime_node_install: stdout.trim() })).toBe(0);
    expect(asked).toEqual([]);
    expect(existsSync(path.join(copy, 'bin'))).toBe(false);
  });

  it.runIf(process.platform === 'linux' && process.arch === 'x64')('would go to NuGet for the CUDA providers without the skip', async () => {
    expect(await install({})).not.toBe(0);
    expect(asked.join(' ')).toMatch(/nuget\.org/);
  });

  it("is not run at all by npm 11: package.json's allowScripts says false for it", () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
    expect(pkg.allowScripts?.['onnxruntime-node']).toBe(false);
  });
});
