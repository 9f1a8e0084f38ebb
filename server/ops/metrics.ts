import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics of one server instance. Each instance has its own registry (tests run several
 * in one process); Prometheus sums across instances.
 */
export class ServerMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'pos_http_requests_total',
    help: 'HTTP requests answered, by route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'pos_http_request_duration_seconds',
    help: 'Time to answer an HTTP request',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });
  readonly pushEvents = new Counter({
    name: 'pos_sync_push_events_total',
    help: 'Events pushed by stations and channels, by outcome',
    labelNames: ['store', 'result'] as const,
    registers: [this.registry],
  });
  readonly pushRejections = new Counter({
    name: 'pos_sync_push_rejections_total',
    help: 'Rejected pushed events, by rejection code',
    labelNames: ['store', 'code'] as const,
    registers: [this.registry],
  });
  readonly pullRequests = new Counter({
    name: 'pos_sync_pull_requests_total',
    help: 'Pull requests served',
    labelNames: ['store'] as const,
    registers: [this.registry],
  });
  readonly pullEvents = new Counter({
    name: 'pos_sync_pull_events_total',
    help: 'Events served by pulls',
    labelNames: ['store'] as const,
    registers: [this.registry],
  });
  readonly eventLag = new Gauge({
    name: 'pos_sync_event_lag_seconds',
    help: 'Server receive time minus the HLC time of the newest event accepted from each origin (offline time plus clock skew)',
    labelNames: ['store', 'origin'] as const,
    registers: [this.registry],
  });
  readonly liveConnections = new Gauge({
    name: 'pos_live_connections',
    help: 'Open live (WebSocket) connections on this instance',
    registers: [this.registry],
  });
  readonly pokes = new Counter({
    name: 'pos_live_pokes_total',
    help: 'Pokes sent to live connections',
    registers: [this.registry],
  });
  readonly channelRequests = new Counter({
    name: 'pos_channel_requests_total',
    help: 'Channel ingress commands, by command and outcome (created, replayed, refused)',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly webhookDeliveries = new Counter({
    name: 'pos_webhook_delivery_attempts_total',
    help: 'Webhook delivery attempts, by result (delivered, failed, dead)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly webhookQueueDepth = new Gauge({
    name: 'pos_webhook_queue_depth',
    help: 'Webhook deliveries waiting to be sent (all instances, read from the database)',
    registers: [this.registry],
  });
  readonly webhookDeadLetters = new Gauge({
    name: 'pos_webhook_dead_letters',
    help: 'Webhook deliveries that gave up after the maximum attempts (all instances)',
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'pos_rate_limited_total',
    help: 'Requests refused by the rate limit',
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    // Process metrics install a GC observer per registry: only the standalone server turns them on.
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Values that live in the database are read at scrape time, so every instance reports the same. */
  setCollector(collect: () => Promise<{ queueDepth: number; deadLetters: number }>): void {
    this.collect = collect;
  }

  private collect: (() => Promise<{ queueDepth: number; deadLetters: number }>) | undefined;

  async render(): Promise<{ contentType: string; body: string }> {
    if (this.collect) {
      const { queueDepth, deadLetters } = await this.collect();
      this.webhookQueueDepth.set(queueDepth);
      this.webhookDeadLetters.set(deadLetters);
    }
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
