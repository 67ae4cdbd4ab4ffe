/**
 * `system` (#42 item 3): the relay's health for the settings page's System section. `GET /api/system` answers the
 * version, uptime, CPU and memory of the process, the recordings' disk and retention forecast, the connected
 * capture clients and viewers and the recent warnings and errors; `GET /api/system/diagnostics` downloads the
 * diagnostics bundle (diagnostics.ts). Both are for admins only: they show the config and the log.
 */
import type { Registry } from 'prom-client';
import { requireAdmin } from '../auth/http.js';
import type { Attached, Module } from '../modules/module.js';
import { recorderFfmpeg } from '../recording/ffmpeg-path.js';
import { CpuMeter } from './cpu-meter.js';
import { bundleText, ffmpegVersion } from './diagnostics.js';
import { secretValues } from '../log-ring/redact.js';
import { systemStatus, type StatusSources } from './system-status.js';

declare module '../modules/module.js' {
  interface Provided {
    system: Attached;
  }
}

export const SYSTEM_ROUTE = '/api/system';
export const DIAGNOSTICS_ROUTE = '/api/system/diagnostics';

export const system: Module<'system'> = {
  name: 'system',
  // The System section shows the log ring's recent warnings and errors.
  needs: ['log-ring'],
  attach(ctx) {
    const cpu = new CpuMeter();
    const admin = requireAdmin();
    let registry: Registry | null = null;
    let ffmpeg: Promise<string | null> | undefined;
    const config = ctx.config as unknown as Record<string, unknown>;
    // The capture token may come from the data folder rather than the config: it is a known secret either way.
    const known = () => [...secretValues(config), ctx.captureToken];
    const sources: StatusSources = {
      relay: ctx.relay,
      recording: ctx.provided.get('recording')?.manager ?? null,
      minFreeMb: (config.recording as { minFreeMb?: number } | undefined)?.minFreeMb ?? 0,
      cpu,
      ring: ctx.provided.need('log-ring').ring,
      known,
      startedAt: Date.now(),
    };

    ctx.app.get(SYSTEM_ROUTE, ctx.requireUser, admin, (_req, res, next) => {
      systemStatus(sources).then((status) => {
        res.set('Cache-Control', 'no-store').json({ ok: true, system: status });
      }, next);
    });

    ctx.app.get(DIAGNOSTICS_ROUTE, ctx.requireUser, admin, (_req, res, next) => {
      ffmpeg ??= ffmpegVersion(() => recorderFfmpeg());
      const now = Date.now();
      const modules: Record<string, Record<string, unknown>> = {};
      for (const name of ['mqtt', 'offsite', 'cluster', 'webrtc', 'push', 'notifications'] as const) {
        const shown = ctx.provided.get(name)?.config?.();
        if (shown) modules[name] = shown;
      }
      Promise.all([systemStatus(sources), registry?.metrics() ?? Promise.resolve(''), ffmpeg]).then(([status, metrics, ffmpegLine]) => {
        const text = bundleText({
          status,
          config,
          modules,
          cameras: ctx.relay.cameras.listLocal().map((c) => ({ id: c.id, name: c.name, status: c.status, ingest: c.ingest })),
          ipCameras: ctx.provided.get('ip-cameras')?.cameras.list() ?? [],
          metrics,
          ffmpeg: ffmpegLine,
          known: known(),
          now,
        });
        const stamp = new Date(now).toISOString().slice(0, 19).replace(/[:T]/g, '-');
        res.set({
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Disposition': `attachment; filename="camrelay-diagnostics-${stamp}.json"`,
          'Cache-Control': 'no-store',
        });
        res.send(text);
      }, next);
    });

    return {
      close: () => cpu.close(),
      metrics(r) {
        registry = r;
      },
    };
  },
};
