/** `GET /api/setup-status` (admins only, #42): what the Live Monitor's first-run checklist ticks, from what is really set. */
export interface SetupStatus {
  ok: true;
  /** A camera is in the list: live, offline or only saved. */
  camera: boolean;
  /** A camera in the list records (its recording mode is not `off`). */
  recording: boolean;
  /** A notification channel is on: an enabled webhook (settings page or config file), MQTT, or a device with Web Push. */
  notification: boolean;
  /**
   * The signed-in admin's password: `generated` at the relay's first start and still in use, `changed` since, or
   * `chosen` (given in the config, or set by the admin CLI) and never generated.
   */
  password: 'generated' | 'changed' | 'chosen';
}
