/**
 * Secret fields (passwords, addresses that may hold one, header tokens) leave the form as soon as
 * they are in a request body, so a page left open on a desk does not show them. A save the relay
 * refuses puts them back as typed, next to the error saying what to change: nothing is lost on a
 * failed save (#42). A field typed into while the save ran keeps the new text.
 */
export function takeSecrets(inputs: readonly HTMLInputElement[]): () => void {
  const typed = inputs.map((input) => input.value);
  for (const input of inputs) input.value = '';
  return () =>
    inputs.forEach((input, i) => {
      if (input.value === '') input.value = typed[i]!;
    });
}
