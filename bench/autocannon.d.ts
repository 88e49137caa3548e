// The part of autocannon's programmatic API the benchmarks use (the package ships no types and
// @types/autocannon is not a dependency). Shapes follow autocannon 8's README and lib/aggregateResult.js.
declare module 'autocannon' {
  namespace autocannon {
    interface Options {
      url: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      /** Seconds to wait for a response before counting a timeout. */
      timeout?: number;
      pipelining?: number;
      title?: string;
      headers?: Record<string, string>;
      method?: string;
    }

    /** hdr-histogram-percentiles-obj: mean, spread and the p* percentiles. */
    interface Histogram {
      readonly average: number;
      readonly mean: number;
      readonly stddev: number;
      readonly min: number;
      readonly max: number;
      readonly total?: number;
      readonly p1: number;
      readonly p2_5: number;
      readonly p50: number;
      readonly p75: number;
      readonly p90: number;
      readonly p97_5: number;
      readonly p99: number;
      readonly p99_9: number;
    }

    interface Result {
      readonly title?: string;
      readonly url: string;
      readonly connections: number;
      readonly pipelining: number;
      /** Seconds. */
      readonly duration: number;
      readonly start: Date;
      readonly finish: Date;
      /** Requests per second, sampled each second; total = completed requests. */
      readonly requests: Histogram & { readonly sent: number };
      /** Milliseconds. */
      readonly latency: Histogram & { readonly totalCount: number };
      /** Bytes per second. */
      readonly throughput: Histogram;
      readonly errors: number;
      readonly timeouts: number;
      readonly mismatches: number;
      readonly non2xx: number;
      readonly '2xx': number;
      readonly statusCodeStats: Readonly<Record<string, { count: number }>>;
    }
  }

  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export default autocannon;
}
