// Failures that trying again cannot fix (an empty cart, a missing row, a request the provider refuses).
// Activities turn them into non-retryable Temporal failures of the same type; routes show the message.

export class PermanentError extends Error {
  override readonly name = 'PermanentError';
  /** A stable name for the kind of failure (`EmptyCart`, `NoSuchOrder`…): workflows and tests match on it. */
  readonly type: string;

  constructor(message: string, type: string) {
    super(message);
    this.type = type;
  }
}
