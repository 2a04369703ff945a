import mongoose, { type Connection as MongoConnection } from 'mongoose';
import { ArchiveRepository } from './archive.repository';
import { AuditRepository } from './audit.repository';
import { AwaitingLinkRepository } from './awaiting-link.repository';
import { CancellationRepository } from './cancellation.repository';
import { CandidateRepository } from './candidate.repository';
import { DeliveryAttemptRepository } from './delivery-attempt.repository';
import { DeliveryRepository } from './delivery.repository';
import { InboxOutcomeRepository } from './inbox-outcome.repository';
import { InboxPendingRepository } from './inbox-pending.repository';
import { InboxRepository } from './inbox.repository';
import { LinkRepository } from './link.repository';
import { PollStateRepository } from './poll-state.repository';
import { SubscriptionRepository } from './subscription.repository';

/** Every repository over one MongoDB connection: the only code that knows MongoDB. */
export class Repositories {
  readonly inbox: InboxRepository;
  readonly pending: InboxPendingRepository;
  readonly outcomes: InboxOutcomeRepository;
  readonly cancellations: CancellationRepository;
  readonly deliveries: DeliveryRepository;
  readonly attempts: DeliveryAttemptRepository;
  readonly awaiting: AwaitingLinkRepository;
  readonly archive: ArchiveRepository;
  readonly candidates: CandidateRepository;
  readonly links: LinkRepository;
  readonly subscriptions: SubscriptionRepository;
  readonly audit: AuditRepository;
  readonly pollState: PollStateRepository;

  private constructor(readonly db: MongoConnection) {
    this.inbox = new InboxRepository(db);
    this.pending = new InboxPendingRepository(db);
    this.outcomes = new InboxOutcomeRepository(db);
    this.cancellations = new CancellationRepository(db);
    this.deliveries = new DeliveryRepository(db);
    this.attempts = new DeliveryAttemptRepository(db);
    this.awaiting = new AwaitingLinkRepository(db);
    this.archive = new ArchiveRepository(db);
    this.candidates = new CandidateRepository(db);
    this.links = new LinkRepository(db);
    this.subscriptions = new SubscriptionRepository(db);
    this.audit = new AuditRepository(db);
    this.pollState = new PollStateRepository(db);
  }

  /**
   * Connects and makes sure every index exists (unique indexes are what make writes idempotent). While the
   * server is unreachable, operations wait for it (up to `serverSelectionTimeoutMS`) instead of failing at once.
   */
  static async connect(url: string): Promise<Repositories> {
    const db = mongoose.createConnection(url, { serverSelectionTimeoutMS: 10_000, autoIndex: false });
    await db.asPromise();
    const repos = new Repositories(db);
    for (const model of Object.values(db.models)) await model.createIndexes();
    return repos;
  }

  async ping(): Promise<void> {
    const admin = this.db.db?.admin();
    if (!admin) throw new Error('MongoDB is not connected');
    await admin.ping();
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
