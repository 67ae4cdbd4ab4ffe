/**
 * A relay's address may carry a path: behind a reverse proxy at a sub-path
 * (`https://home.example/cams`) every URL of the relay, Socket.IO's included, lives under it.
 */

function asBase(server: string): string {
  return server.endsWith('/') ? server : `${server}/`;
}

/** `path` (with or without its leading `/`) under the relay's address. */
export function relayUrl(server: string, path: string): string {
  return new URL(path.replace(/^\//, ''), asBase(server)).toString();
}

/** What socket.io-client needs for a namespace of a relay that may sit under a sub-path. */
export function socketioTarget(server: string, namespace: string): { url: string; path: string } {
  const base = new URL(asBase(server));
  return { url: `${base.origin}${namespace}`, path: `${base.pathname}socket.io` };
}
