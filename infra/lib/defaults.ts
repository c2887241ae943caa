/** Baton's secure defaults on AWS, in one place: every construct's `@default` points here. */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export const DEFAULTS = {
  /** Node.js 22: the nearest Lambda LTS to the Node 20 the tests run on (24 once they run on it). */
  runtime: Runtime.NODEJS_22_X,
  /** Graviton: cheaper per GB-second, and nothing here is x86-specific. */
  architecture: Architecture.ARM_64,
  /**
   * The AWS SDK v3 inside each bundle: the exact version the tests ran against, tree-shaken to the
   * clients used; the runtime's copy changes under us. `bundleAwsSdk: false` takes the runtime's (measured by the bench).
   */
  bundleAwsSdk: true,
  /**
   * Each function bundled split (infra/lib/code-splitting.ts): what its code, or the AWS SDK, imports on demand lands
   * in chunks beside `index.mjs` that a cold start reads only when it first needs them: the api's route modules, the
   * reports function's XLSX writer, the SDK's SSO, STS and file-based credential providers. Measured by `npm run
   * bench:bundles`: the reports function's cold start about 2.9× the minimal bundle's in one file, 2.2× split; the
   * deadline, sweeper and weekly functions' about 1.65× and 1.55×.
   */
  codeSplitting: true,
  /**
   * X-Ray active tracing, off: at Baton's volumes nearly every invocation is sampled, and at $5 per million traces
   * that is about $0.10 per 1,000 escalations, as much as everything else together (npm run bench). Turn it on
   * (`-c tracing=true`) while diagnosing.
   */
  tracing: false,
  logRetention: RetentionDays.THREE_MONTHS,
  logLevel: 'INFO',
  /** Data and logs outlive the stack: a teardown must never take the audit trail with it. */
  removalPolicy: RemovalPolicy.RETAIN,
  api: {
    memorySize: 1024,
    /** Well inside API Gateway's 30 s: store calls are bounded to seconds and deliveries time out in 5 s. */
    timeout: Duration.seconds(15),
    /** Stage throttling: requests per second, steady and burst (per account and Region, all tenants). */
    throttle: { rateLimit: 50, burstLimit: 100 },
  },
  /** A week's report reads every commit of five weeks: more memory (and CPU with it); API Gateway waits 30 s at most. */
  reports: { memorySize: 2048, timeout: Duration.seconds(29) },
  /**
   * Scheduler invokes the function asynchronously: a firing the handler fails on (or one that came early)
   * is retried by Lambda twice, a minute or two apart, then parked in the dead-letter queue.
   */
  deadline: { memorySize: 512, timeout: Duration.seconds(30), retryAttempts: 2, maxEventAge: Duration.hours(6) },
  /** One sweep at a time; a sweep reads for up to 30 s and the timeout leaves room for one more page. */
  /** A failed or throttled sweep is not retried: the next minute's sweep does its work (60 s is Lambda's shortest event age). */
  sweeper: { memorySize: 512, timeout: Duration.seconds(60), reservedConcurrency: 1, every: Duration.minutes(1), retryAttempts: 0, maxEventAge: Duration.seconds(60) },
  /**
   * The weekly digest: every 15 minutes (a tenant's Monday time falls due within a quarter of an hour), one run at
   * a time, each due tenant's week report read within the timeout; a failed run is redone by the next tick.
   */
  weekly: { memorySize: 2048, timeout: Duration.minutes(5), reservedConcurrency: 1, every: Duration.minutes(15), retryAttempts: 0, maxEventAge: Duration.seconds(60) },
  /** The longest SQS keeps a message: a firing parked there waits two weeks for a person. */
  deadLetterRetention: Duration.days(14),
  alarmPeriod: Duration.minutes(5),
} as const;
