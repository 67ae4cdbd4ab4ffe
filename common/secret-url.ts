/**
 * An IP camera's URL holds its user name and password: these say it without the password, for the
 * capture side's status line and logs and for the relay's Admin area alike.
 */

/** `rtsp://admin:***@192.168.1.20:554/stream1`: user names stay (they tell which account), passwords never. */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<camera URL>';
  }
}

/** `text` with every form of the URL's password (raw and percent-encoded) replaced by ***; for ffmpeg's stderr and errors. */
export function maskSecrets(text: string, ...urls: (string | undefined)[]): string {
  let out = text;
  for (const url of urls) {
    if (!url) continue;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      continue;
    }
    for (const secret of new Set([parsed.password, safeDecode(parsed.password)])) {
      if (secret.length >= 1) out = out.split(secret).join('***');
    }
  }
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
