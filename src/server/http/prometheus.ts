/** A small Prometheus registry: counters and gauges with labels, rendered in the text exposition format. */
type Labels = Record<string, string>;

function labelKey(labels: Labels | undefined): string {
  if (!labels) return '';
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}="${String(labels[k]).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

export class Counter {
  private readonly values = new Map<string, number>();
  /** Rendered label sets by their single name=value: counters on the hot path (every agent message) skip the sort. */
  private readonly keys = new Map<string, string>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  private keyOf(labels: Labels | undefined): string {
    if (!labels) return '';
    const names = Object.keys(labels);
    if (names.length !== 1) return labelKey(labels);
    const raw = `${names[0]}=${labels[names[0]!]}`;
    let k = this.keys.get(raw);
    if (k === undefined) {
      k = labelKey(labels);
      if (this.keys.size < 10_000) this.keys.set(raw, k);
    }
    return k;
  }
  inc(labels?: Labels, by = 1): void {
    const k = this.keyOf(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  get(labels?: Labels): number {
    return this.values.get(this.keyOf(labels)) ?? 0;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    if (this.values.size === 0) lines.push(`${this.name} 0`);
    for (const [k, v] of this.values) lines.push(`${this.name}${k} ${v}`);
    return lines.join('\n');
  }
}

export class Gauge {
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly read: () => number,
  ) {}
  render(): string {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`, `${this.name} ${this.read()}`].join('\n');
  }
}

export class MetricsRegistry {
  private readonly items: (Counter | Gauge)[] = [];
  counter(name: string, help: string): Counter {
    const c = new Counter(name, help);
    this.items.push(c);
    return c;
  }
  gauge(name: string, help: string, read: () => number): Gauge {
    const g = new Gauge(name, help, read);
    this.items.push(g);
    return g;
  }
  render(): string {
    return `${this.items.map((i) => i.render()).join('\n')}\n`;
  }
}
