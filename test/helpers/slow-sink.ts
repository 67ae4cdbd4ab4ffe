/** A lane's sink for tests that takes a unit only when the test calls its ack: what it got, and each unit's ack in order. */
export function slowSink<U = number>() {
  const got: U[] = [];
  const acks: Array<() => void> = [];
  return { got, acks, sink: { write: (u: U, done: () => void) => (got.push(u), acks.push(done)) } };
}
