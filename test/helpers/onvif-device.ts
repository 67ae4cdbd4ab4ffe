/**
 * A stand-in ONVIF camera on loopback (#29): an HTTP server answering the SOAP calls the `onvif` library makes,
 * recording every request body, and a UDP WS-Discovery responder. Not a camera: it is here to assert what we send.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OnvifDeviceOptions {
  manufacturer?: string;
  model?: string;
  /** Answer GetSystemDateAndTime and nothing else (a device that goes quiet): its other calls never answer. */
  silent?: boolean;
  ptz?: boolean;
  presets?: { token: string; name: string }[];
  /** A SOAP fault's text for these actions (e.g. ContinuousMove), as a camera that refuses them. */
  faults?: Record<string, string>;
  /** The RTSP URI GetStreamUri gives, per profile token. */
  streamUri?: (profile: string) => string;
  /** Answer these actions this many ms late (a slow PTZ motor controller). */
  delays?: Record<string, number>;
}

export interface OnvifDevice {
  /** http://127.0.0.1:<port> */
  address: string;
  /** Every request: its SOAP action (the body's first element) and the body as sent. */
  requests: { action: string; body: string }[];
  bodies(action: string): string[];
  /** `req:<action>` as each request arrives and `res:<action>` as it is answered, in order. */
  log: string[];
  /** The WS-Discovery responder's port: probe 127.0.0.1:<port>. */
  discoveryPort: number;
  /** How many WS-Discovery probes reached the responder so far. */
  probesSeen(): number;
  close(): Promise<void>;
}

const env = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:trt="http://www.onvif.org/ver10/media/wsdl" xmlns:tptz="http://www.onvif.org/ver20/ptz/wsdl" xmlns:ter="http://www.onvif.org/ver10/error"><s:Body>${body}</s:Body></s:Envelope>`;

const fault = (text: string) =>
  env(
    `<s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>ter:ActionNotSupported</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang="en">${text}</s:Text></s:Reason></s:Fault>`,
  );

const PROFILES: { token: string; name: string; width: number; height: number; encoding: string }[] = [
  { token: 'main', name: 'MainStream', width: 1280, height: 720, encoding: 'H264' },
  { token: 'sub', name: 'SubStream', width: 640, height: 360, encoding: 'H264' },
];

function answer(action: string, base: string, o: OnvifDeviceOptions): string | null {
  const now = new Date();
  switch (action) {
    case 'GetSystemDateAndTime':
      return env(
        `<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType><tt:UTCDateTime><tt:Time><tt:Hour>${now.getUTCHours()}</tt:Hour><tt:Minute>${now.getUTCMinutes()}</tt:Minute><tt:Second>${now.getUTCSeconds()}</tt:Second></tt:Time><tt:Date><tt:Year>${now.getUTCFullYear()}</tt:Year><tt:Month>${now.getUTCMonth() + 1}</tt:Month><tt:Day>${now.getUTCDate()}</tt:Day></tt:Date></tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>`,
      );
    case 'GetCapabilities':
      return env(
        `<tds:GetCapabilitiesResponse><tds:Capabilities><tt:Device><tt:XAddr>${base}/onvif/device_service</tt:XAddr></tt:Device><tt:Media><tt:XAddr>${base}/onvif/media</tt:XAddr></tt:Media>${o.ptz ? `<tt:PTZ><tt:XAddr>${base}/onvif/ptz</tt:XAddr></tt:PTZ>` : ''}</tds:Capabilities></tds:GetCapabilitiesResponse>`,
      );
    case 'GetDeviceInformation':
      return env(
        `<tds:GetDeviceInformationResponse><tds:Manufacturer>${o.manufacturer ?? 'Acme'}</tds:Manufacturer><tds:Model>${o.model ?? 'PT-100'}</tds:Model><tds:FirmwareVersion>1.0</tds:FirmwareVersion><tds:SerialNumber>1</tds:SerialNumber><tds:HardwareId>1</tds:HardwareId></tds:GetDeviceInformationResponse>`,
      );
    case 'GetVideoSources':
      return env(
        `<trt:GetVideoSourcesResponse><trt:VideoSources token="vs0"><tt:Framerate>25</tt:Framerate><tt:Resolution><tt:Width>1280</tt:Width><tt:Height>720</tt:Height></tt:Resolution></trt:VideoSources></trt:GetVideoSourcesResponse>`,
      );
    case 'GetProfiles':
      return env(
        `<trt:GetProfilesResponse>${PROFILES.map(
          (p) =>
            `<trt:Profiles token="${p.token}" fixed="true"><tt:Name>${p.name}</tt:Name><tt:VideoSourceConfiguration token="vsc0"><tt:Name>vsc</tt:Name><tt:UseCount>2</tt:UseCount><tt:SourceToken>vs0</tt:SourceToken><tt:Bounds x="0" y="0" width="1280" height="720"/></tt:VideoSourceConfiguration><tt:VideoEncoderConfiguration token="ve-${p.token}"><tt:Name>ve</tt:Name><tt:UseCount>1</tt:UseCount><tt:Encoding>${p.encoding}</tt:Encoding><tt:Resolution><tt:Width>${p.width}</tt:Width><tt:Height>${p.height}</tt:Height></tt:Resolution><tt:Quality>5</tt:Quality></tt:VideoEncoderConfiguration>${o.ptz ? '<tt:PTZConfiguration token="ptz0"><tt:Name>ptz</tt:Name><tt:UseCount>2</tt:UseCount><tt:NodeToken>node0</tt:NodeToken></tt:PTZConfiguration>' : ''}</trt:Profiles>`,
        ).join('')}</trt:GetProfilesResponse>`,
      );
    case 'GetStreamUri': {
      return null; // answered with the profile token (see below)
    }
    case 'GetNodes':
      return env(
        `<tptz:GetNodesResponse><tptz:PTZNode token="node0"><tt:Name>node</tt:Name><tt:SupportedPTZSpaces><tt:ContinuousPanTiltVelocitySpace><tt:URI>http://www.onvif.org/ver10/tptz/PanTiltSpaces/VelocityGenericSpace</tt:URI><tt:XRange><tt:Min>-1</tt:Min><tt:Max>1</tt:Max></tt:XRange><tt:YRange><tt:Min>-1</tt:Min><tt:Max>1</tt:Max></tt:YRange></tt:ContinuousPanTiltVelocitySpace><tt:ContinuousZoomVelocitySpace><tt:URI>http://www.onvif.org/ver10/tptz/ZoomSpaces/VelocityGenericSpace</tt:URI><tt:XRange><tt:Min>-1</tt:Min><tt:Max>1</tt:Max></tt:XRange></tt:ContinuousZoomVelocitySpace></tt:SupportedPTZSpaces><tt:MaximumNumberOfPresets>8</tt:MaximumNumberOfPresets><tt:HomeSupported>true</tt:HomeSupported></tptz:PTZNode></tptz:GetNodesResponse>`,
      );
    case 'GetPresets':
      return env(
        `<tptz:GetPresetsResponse>${(o.presets ?? []).map((p) => `<tptz:Preset token="${p.token}"><tt:Name>${p.name}</tt:Name></tptz:Preset>`).join('')}</tptz:GetPresetsResponse>`,
      );
    case 'ContinuousMove':
      return env('<tptz:ContinuousMoveResponse/>');
    case 'Stop':
      return env('<tptz:StopResponse/>');
    case 'GotoPreset':
      return env('<tptz:GotoPresetResponse/>');
    default:
      return null;
  }
}

/** Starts the device on 127.0.0.1 (HTTP and WS-Discovery on ports of their own). */
export async function startOnvifDevice(options: OnvifDeviceOptions = {}): Promise<OnvifDevice> {
  const requests: { action: string; body: string }[] = [];
  const log: string[] = [];
  let base = '';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const action = /<(?:\w+:)?Body[^>]*>\s*<(?:\w+:)?(\w+)/.exec(body)?.[1] ?? '?';
      requests.push({ action, body });
      log.push(`req:${action}`);
      if (options.silent && action !== 'GetSystemDateAndTime') return; // never answers
      const send = (status: number, xml: string) => {
        setTimeout(() => {
          log.push(`res:${action}`);
          res.writeHead(status, { 'Content-Type': 'application/soap+xml; charset=utf-8' });
          res.end(xml);
        }, options.delays?.[action] ?? 0);
      };
      const faultText = options.faults?.[action];
      if (faultText) return send(500, fault(faultText));
      if (action === 'GetStreamUri') {
        const token = /<ProfileToken>([^<]*)<\/ProfileToken>/.exec(body)?.[1] ?? '';
        const uri = (options.streamUri ?? ((t) => `rtsp://127.0.0.1:554/${t}`))(token);
        return send(
          200,
          env(
            `<trt:GetStreamUriResponse><trt:MediaUri><tt:Uri>${uri}</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:GetStreamUriResponse>`,
          ),
        );
      }
      const xml = answer(action, base, options);
      // GetServices and anything unknown: a fault, as older Profile S cameras answer (the library then asks GetCapabilities).
      send(xml ? 200 : 500, xml ?? fault(`Action ${action} not supported`));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const udp: UdpSocket = createSocket('udp4');
  let probes = 0;
  udp.on('message', (msg, rinfo) => {
    const text = msg.toString('utf8');
    if (!text.includes('Probe')) return;
    probes += 1;
    const id = /<(?:\w+:)?MessageID>([^<]*)</.exec(text)?.[1] ?? '';
    const reply = `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl"><s:Header><a:MessageID>uuid:reply-1</a:MessageID><a:RelatesTo>${id}</a:RelatesTo><a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</a:Action></s:Header><s:Body><d:ProbeMatches><d:ProbeMatch><a:EndpointReference><a:Address>urn:uuid:fake-device</a:Address></a:EndpointReference><d:Types>dn:NetworkVideoTransmitter</d:Types><d:XAddrs>${base}/onvif/device_service</d:XAddrs><d:MetadataVersion>1</d:MetadataVersion></d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>`;
    udp.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));

  return {
    address: base,
    requests,
    log,
    bodies: (action) => requests.filter((r) => r.action === action).map((r) => r.body),
    discoveryPort: udp.address().port,
    probesSeen: () => probes,
    close: async () => {
      udp.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
