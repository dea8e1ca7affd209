/**
 * What the local queues, topics and event buses have in common: named destinations that record
 * what is sent to them, found by name (a FIFO queue's or topic's with or without `.fifo`), and the
 * increasing sequence numbers FIFO destinations give (20 digits, as SQS and SNS show them).
 */
export class LocalSinks<T extends { name: string }> {
  private readonly byName = new Map<string, T>();
  private sequence = 0n;

  /** Of the URLs and ARNs of the destinations (those the local render of a binding gives). */
  constructor(
    readonly region = 'us-east-1',
    readonly accountId = '123456789012',
  ) {}

  protected put(sink: T): T {
    this.byName.set(sink.name, sink);
    return sink;
  }

  /** Forgets a destination (by name; `name.fifo` also finds `name`). */
  protected drop(name: string): void {
    const sink = this.byLocalName(name);
    if (sink !== undefined) this.byName.delete(sink.name);
  }

  /** By name; `name.fifo` also finds `name`. */
  protected byLocalName(name: string): T | undefined {
    return this.byName.get(name) ?? this.byName.get(name.replace(/\.fifo$/, ''));
  }

  get all(): T[] {
    return [...this.byName.values()];
  }

  nextSequenceNumber(): string {
    this.sequence += 1n;
    return (10n ** 19n + this.sequence).toString();
  }
}
