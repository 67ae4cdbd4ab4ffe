/** The installed app (docs/app.md): its service worker, and Web Push on this device. main.ts imports this file once. */
import { relayUrl } from '../../../common/relay-url.js';
import { Api } from '../api.js';
import { pageBase } from '../connection/connection.js';
import './app.css';
import { registerServiceWorker } from './register.js';
import { PushToggle } from './push-toggle.js';

registerServiceWorker();
new PushToggle(new Api((url, init) => fetch(relayUrl(pageBase(), url), init)));
