import type { VendorEvent } from './vendor-event';

/** Where a connector's push stream hands what it receives. */
export interface StreamSink {
  /** Stores the events durably (the inbox, like a verified webhook); rejects when they cannot be stored now. */
  accept(events: VendorEvent[], meta: Record<string, unknown>): Promise<void>;
  /** Structured log line of the stream's life (connected, reconnecting, refused…), never with secrets. */
  log(level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;
}

/** An open push stream; closing it stops reconnecting. */
export interface InboundStream {
  close(): Promise<void>;
}
