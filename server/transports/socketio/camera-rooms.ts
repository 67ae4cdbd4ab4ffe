/**
 * A room per camera on `/monitor` (#57): every page socket is in the rooms of exactly the cameras its
 * user may view, kept as the camera list changes, so news of a camera (its events: `event-news`)
 * reaches those pages alone. In a cluster the Redis adapter carries a room's emits to every node.
 */

/** The room of camera `id`. */
export const cameraRoom = (id: string) => `camera:${id}`;

interface RoomMember {
  readonly rooms: ReadonlySet<string>;
  join(rooms: string[]): unknown;
  leave(room: string): unknown;
}

/** Puts `socket` in the rooms of `ids` and takes it out of any other camera's. */
export function keepCameraRooms(socket: RoomMember, ids: readonly string[]): void {
  const wanted = new Set(ids.map(cameraRoom));
  for (const room of [...socket.rooms]) if (room.startsWith('camera:') && !wanted.has(room)) void socket.leave(room);
  const joining = [...wanted].filter((room) => !socket.rooms.has(room));
  if (joining.length > 0) void socket.join(joining);
}
