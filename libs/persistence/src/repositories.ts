import mongoose, { type Connection as MongoConnection } from 'mongoose';
import { ArchiveRepository } from './archive.repository';
import { AuditRepository } from './audit.repository';
import { CancellationRepository } from './cancellation.repository';
import { CandidateRepository } from './candidate.repository';
import { DeliveryRepository } from './delivery.repository';
import { InboxRepository } from './inbox.repository';
import { PollStateRepository } from './poll-state.repository';
import { SubscriptionRepository } from './subscription.repository';

/** Every repository over one MongoDB connection: the only code that knows MongoDB. */
export class Repositories {
  readonly inbox: InboxRepository;
  readonly cancellations: CancellationRepository;
  readonly deliveries: DeliveryRepository;
  readonly archive: ArchiveRepository;
  readonly candidates: CandidateRepository;
  readonly subscriptions: SubscriptionRepository;
  readonly audit: AuditRepository;
  readonly pollState: PollStateRepository;

  private constructor(readonly db: MongoConnection) {
    this.inbox = new InboxRepository(db);
    this.cancellations = new CancellationRepository(db);
    this.deliveries = new DeliveryRepository(db);
    this.archive = new ArchiveRepository(db);
    this.candidates = new CandidateRepository(db);
    this.subscriptions = new SubscriptionRepository(db);
    this.audit = new AuditRepository(db);
    this.pollState = new PollStateRepository(db);
  }

  /** Connects and makes sure every index exists (unique indexes are what make writes idempotent). */
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
