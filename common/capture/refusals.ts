/**
 * The relay's refusals of a camera sender: the one set after which sending as is cannot work (a
 * person must change a token, an account, a limit, or take the camera back), and the words the
 * capture page says for each. Pure.
 */
import { AUTH_REFUSAL_CODES, isErrorCode, type ErrorCodeName } from '../../shared/errors.js';

/**
 * Refusals that end a run: the capture page stops and says what to do; the unattended capture
 * client sends nothing and asks again only every AUTH_RETRY_MS (or exits, --exit-on-auth-error).
 */
export const FINAL_REFUSALS: ReadonlySet<ErrorCodeName> = new Set<ErrorCodeName>([
  ...AUTH_REFUSAL_CODES,
  'BAD_CAMERA_ID',
  'BAD_NAME',
  'TOO_MANY_CAMERAS',
  'TAKEN_OVER',
  'CAMERA_IN_USE',
]);

/** True for a code in FINAL_REFUSALS. */
export function isFinalRefusal(code: unknown): code is ErrorCodeName {
  return isErrorCode(code) && FINAL_REFUSALS.has(code);
}

export interface Refusal {
  /** The code shown with the message: the server's (`BAD_TOKEN`) or the browser's (`NotAllowedError`). */
  code: string;
  title: string;
  fix: string;
  /** True when trying again as is can work (a wait, a network blip); false when something must change first. */
  retry: boolean;
}

const ASK_ADMIN = 'Ask an admin for a new capture link: Live Monitor → Admin → Camera tokens → Create token, then scan its QR code.';

/** The words for a refusal from the relay (`connect_error` data, an HTTP error body, a `kicked` event). */
export function serverRefusal(code: string, message: string, cameraId: string): Refusal {
  const known: Record<string, Omit<Refusal, 'code'>> = {
    BAD_TOKEN: { title: `The relay refused this link's token for camera "${cameraId}".`, fix: ASK_ADMIN, retry: false },
    REVOKED: { title: `The token of this link was revoked: camera "${cameraId}" may not send with it any more.`, fix: ASK_ADMIN, retry: false },
    TOO_MANY_ATTEMPTS: {
      title: 'The relay is refusing this device for now after too many wrong tokens.',
      fix: `${message} Then press Start again.`,
      retry: true,
    },
    FORBIDDEN: {
      title: 'This account may not send a camera: only admins may.',
      fix: 'Sign in as an admin, or ask an admin for a capture link (Admin → Camera tokens → QR code).',
      retry: false,
    },
    AUTH_REQUIRED: {
      title: 'Not signed in, and this page was not opened from a capture link.',
      fix: 'Scan the QR code an admin makes in Admin → Camera tokens, or sign in on the Live Monitor as an admin and come back.',
      retry: false,
    },
    BAD_CAMERA_ID: {
      title: `"${cameraId}" is not a camera id the relay takes.`,
      fix: 'Use 1-64 letters, digits, "_" or "-", starting with a letter or digit.',
      retry: false,
    },
    BAD_NAME: {
      title: 'The name this camera announces holds a character names may not hold (a control or direction character).',
      fix: `${message} Type the camera's name again.`,
      retry: false,
    },
    TOO_MANY_CAMERAS: {
      title: 'The relay already has as many cameras as it is set to take.',
      fix: 'Delete a camera in Admin, or raise CAMRELAY_MAX_CAMERAS.',
      retry: false,
    },
    TAKEN_OVER: {
      title: `Another capture client connected as camera "${cameraId}" and took it over.`,
      fix: 'Only one device can send a camera id at a time. Press Start to take it back.',
      retry: false,
    },
    CAMERA_IN_USE: {
      title: `Another capture client sends camera "${cameraId}" now.`,
      fix: 'Only one device can send a camera id at a time: stop the other one, or give this one its own camera id.',
      retry: false,
    },
    BAD_ORIGIN: { title: 'The relay does not take requests from this address.', fix: message, retry: false },
  };
  return { code, ...(known[code] ?? { title: message, fix: 'Press Start to try again.', retry: true }) };
}
