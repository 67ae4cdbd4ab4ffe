/**
 * docs/notifications.md, checked as printed: its config blocks load with the real parser, its error
 * line is the relay's, its JSON body is what is posted, and its Home Assistant and ntfy recipes are
 * posted, as printed but for the receivers' addresses, to local receivers posing as Home Assistant
 * and ntfy. Its YAML is parsed (a small reader for the block-style YAML it is written in).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/load-config.js';
import type { RecordingConfig } from '../../server/recording/settings.js';
import { WEBHOOK_DEFAULTS } from '../../server/notifications/webhooks/webhooks.js';
import { eventSummary } from '../../common/detect/event-summary.js';
import type { EventObject } from '../../shared/events.js';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';
import { sceneJpeg } from '../server/recording/motion/scene.js';
import { startReceiver, type Receiver } from '../server/notifications/webhooks/receiver.js';

const doc = readFileSync(new URL('../../docs/notifications.md', import.meta.url), 'utf8');
const blocks = (lang: string) => [...doc.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
const section = (title: string) => doc.split(/^## /m).find((s) => s.startsWith(title))!;
const dir = mkdtempSync(path.join(tmpdir(), 'camrelay-notifydoc-'));
const START = Date.parse('2026-11-23T10:00:00Z');

/** The `recording` settings of a printed config block, loaded as the relay loads a config file. */
function printedRecording(block: string): RecordingConfig {
  const file = path.join(dir, `c${Math.random()}.json`);
  writeFileSync(file, block);
  return loadConfig(['--config', file], {}).config.recording;
}

/** Block-style YAML (maps, lists of maps or scalars, quoted or plain scalars) to values. */
function parseYaml(text: string): unknown {
  const lines = text.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  let i = 0;
  const indent = (l: string) => l.length - l.trimStart().length;
  const scalar = (v: string): unknown => (/^".*"$/.test(v) ? JSON.parse(v) : v === 'true' ? true : v === 'false' ? false : v);
  function node(level: number): unknown {
    if (lines[i]!.trimStart().startsWith('- ')) {
      const list: unknown[] = [];
      while (i < lines.length && indent(lines[i]!) === level && lines[i]!.trimStart().startsWith('- ')) {
        const rest = lines[i]!.trimStart().slice(2);
        if (!/^[a-z_]+:/.test(rest)) {
          list.push(scalar(rest));
          i++;
        } else {
          lines[i] = ' '.repeat(level + 2) + rest;
          list.push(node(level + 2));
        }
      }
      return list;
    }
    const map: Record<string, unknown> = {};
    while (i < lines.length && indent(lines[i]!) === level) {
      const m = /^\s*([a-z_]+):\s*(.*)$/.exec(lines[i]!);
      if (!m) throw new Error(`not YAML this reader knows: ${lines[i]}`);
      i++;
      map[m[1]!] = m[2] ? scalar(m[2]) : node(indent(lines[i]!));
    }
    if (i < lines.length && indent(lines[i]!) > level) throw new Error(`bad indentation: ${lines[i]}`);
    return map;
  }
  return node(0);
}

let server: TestServer | undefined;
const receivers: Receiver[] = [];
afterEach(async () => {
  await stopTestServer(server);
  server = undefined;
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A relay with `recording`, its webhooks' hosts replaced by local receivers; fires one event on `camera`. */
async function fire(recording: RecordingConfig, camera: string): Promise<Receiver[]> {
  const local = await Promise.all(recording.webhooks.map(() => startReceiver()));
  receivers.push(...local);
  const webhooks = recording.webhooks.map((w, n) => ({ ...w, url: local[n]!.url + new URL(w.url).pathname }));
  server = await startTestServer({ recording: { ...recording, webhooks } });
  const jpeg = await sceneJpeg({ square: { x: 10, y: 10 } });
  server.recording.events.signal(camera, { type: 'start', at: START }, { at: START, score: 4.2, jpeg });
  const hooks = server.provided.need('notifications').fileWebhooks;
  await waitFor(() => hooks.counts.delivered + hooks.counts.failed >= 1, 'a webhook sent');
  return local;
}

describe('docs/notifications.md, as printed', () => {
  it('gives the retry schedule, queue and timeout the relay uses', () => {
    const { queueLimit, timeoutMs, backoffMs, tries } = WEBHOOK_DEFAULTS;
    expect(doc).toContain(`own queue (${queueLimit} requests`);
    expect(doc).toContain(`no answer within ${timeoutMs / 1000} s`);
    const waits = Array.from({ length: tries - 1 }, (_, n) => `${(backoffMs * 2 ** n) / 1000} s`);
    expect(doc).toContain(`after ${waits.slice(0, -1).join(', ')} and ${waits.at(-1)}, five tries in all`);
    expect(tries).toBe(5);
  });

  it('prints the error line the relay gives for a bad URL', () => {
    const printed = /such as\s+`([^`]+)`/.exec(doc)![1]!;
    expect(() => printedRecording(JSON.stringify({ recording: { webhooks: [{ url: 'https://user:pw@example.com/x' }] } }))).toThrow(printed);
  });

  it('shows the JSON body the relay posts', async () => {
    const printed = JSON.parse(section('What is posted').match(/```\n([\s\S]*?)```/)![1]!) as Record<string, unknown>;
    const [receiver] = await fire(printedRecording(blocks('json')[0]!), 'front-door');
    const body = JSON.parse(receiver!.received[0]!.body) as Record<string, unknown>;
    expect(body).toEqual({ ...printed });
  });

  it('its Home Assistant automation is triggered by the webhook the relay posts, with the fields its templates use', async () => {
    const recording = printedRecording(blocks('json')[0]!);
    expect(recording.webhooks).toEqual([{ url: 'http://homeassistant.local:8123/api/webhook/camrelay-motion-5f2c9e1a', events: ['start'] }]);
    const automation = parseYaml(blocks('yaml')[0]!) as {
      triggers: Array<{ trigger: string; webhook_id: string; allowed_methods: string[]; local_only: boolean }>;
      actions: Array<{ action: string; data: Record<string, string> }>;
    };
    const [trigger] = automation.triggers;
    expect(trigger).toEqual({ trigger: 'webhook', webhook_id: 'camrelay-motion-5f2c9e1a', allowed_methods: ['POST'], local_only: true });
    expect(automation.actions[0]!.action).toBe('persistent_notification.create');
    // Posing as Home Assistant: the relay posts JSON to /api/webhook/<the automation's id>.
    const [ha] = await fire(recording, 'front-door');
    const [request] = ha!.received;
    expect([request!.method, request!.path, request!.headers['content-type']]).toEqual(['POST', `/api/webhook/${trigger!.webhook_id}`, 'application/json']);
    const json = JSON.parse(request!.body) as Record<string, unknown>;
    const used = [...blocks('yaml')[0]!.matchAll(/trigger\.json\.([a-zA-Z]+)/g)].map((m) => m[1]!);
    for (const field of used) expect(json[field], field).toBeDefined();
    for (const field of section('Home Assistant')
      .match(/`trigger\.json` is the JSON body above: ([^.]+)\./)![1]!
      .match(/`(\w+)`/g)!)
      expect(json).toHaveProperty(field.replaceAll('`', ''));
  });

  it('its ntfy rules post the printed message and headers, with the token to the self-hosted server', async () => {
    const recording = printedRecording(blocks('json')[1]!);
    expect(recording.webhooks.map((w) => [w.url, w.format])).toEqual([
      ['https://ntfy.sh/camrelay-alerts-3b7d90c4', 'ntfy'],
      ['https://ntfy.example.com/cameras', 'ntfy'],
    ]);
    const [publicNtfy, ownNtfy] = await fire(recording, 'front-door');
    await waitFor(() => ownNtfy!.received.length === 1, 'the self-hosted server posted to');
    const [request] = publicNtfy!.received;
    expect([request!.method, request!.path]).toEqual(['POST', '/camrelay-alerts-3b7d90c4']);
    const ntfy = section('ntfy');
    expect(ntfy).toContain(`(\`${request!.body.slice(0, 43)}`);
    expect(request!.body).toBe(ntfy.match(/plain-text message \(`([^`]+)`/)![1]!.replace(/\n/g, ' '));
    expect(request!.headers).toMatchObject({
      title: ntfy.match(/`Title` \(`([^`]+)`\)/)![1],
      tags: ntfy.match(/`Tags` \(`([^`]+)` for a start/)![1],
      click: `https://cams.example.com/api/cameras/front-door/events/${START}/snapshot.jpg`,
    });
    expect(request!.headers.attach).toBeUndefined();
    expect(ownNtfy!.received[0]!.headers.authorization).toBe('Bearer tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2');
  });

  it('its objects rules post the printed body and ntfy message for a person in the Driveway, and nothing for motion', async () => {
    const recording = printedRecording(blocks('json')[2]!);
    expect(recording.webhooks.map((w) => [w.format ?? 'json', w.labels, w.zones])).toEqual([
      ['ntfy', ['person'], ['Driveway']],
      ['json', ['vehicle'], undefined],
    ]);
    const objects = section('Objects');
    const printed = JSON.parse(objects.match(/their names:\n\n```\n([\s\S]*?)```/)![1]!) as { summary: string; objects: EventObject[] };
    // The printed words are eventSummary's for the camera named "Front door"; the relay names a camera it does not list by its id.
    expect(printed.summary).toBe(eventSummary('Front door', printed.objects));
    const named = (text: string) => text.replace('Front door', 'front-door');
    const local = await Promise.all(recording.webhooks.map(() => startReceiver()));
    receivers.push(...local);
    const webhooks = recording.webhooks.map((w, n) => ({ ...w, url: local[n]!.url + new URL(w.url).pathname }));
    // The printed JSON body is the vehicle rule's form for a person: a third rule, as the vehicle one but for people, posts it.
    const people = await startReceiver();
    receivers.push(people);
    server = await startTestServer({ recording: { ...recording, webhooks: [...webhooks, { ...webhooks[1]!, url: people.url, labels: ['person'] }] } });
    const jpeg = await sceneJpeg({ square: { x: 10, y: 10 } });
    const events = server.recording.events;
    events.signal('front-door', { type: 'start', at: START }, { at: START, score: 4.2, jpeg });
    events.objects('front-door', { started: printed.objects, at: printed.objects[0]!.at, jpeg, boxes: { width: 64, height: 48, boxes: [] } });
    await events.idle();
    const hooks = server.provided.need('notifications').fileWebhooks;
    await waitFor(() => hooks.counts.delivered + hooks.counts.failed >= 2, 'the person told to both rules');
    const [ntfy, cars] = local;
    expect(cars!.received).toEqual([]);
    expect(ntfy!.received).toHaveLength(1);
    expect(ntfy!.received[0]!.body).toBe(named(objects.match(/the message is the summary and when it was seen \(`([^`]+)`\)/)![1]!.replace(/\n/g, ' ')));
    expect(ntfy!.received[0]!.headers.tags).toBe('rotating_light,person');
    expect(JSON.parse(people.received[0]!.body)).toEqual({ ...printed, summary: named(printed.summary) });
  });

  it('names metrics the relay exports', async () => {
    server = await startTestServer();
    const text = await (await fetch(`${server.url}/metrics`, { headers: server.adminAuth })).text();
    for (const [, name] of doc.matchAll(/^\| `(camrelay_[a-z_]+)/gm)) expect(text, name).toContain(name);
  });
});
