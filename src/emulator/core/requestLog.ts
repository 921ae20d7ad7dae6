/** Every ARM call the emulator answered (control API `GET /_emulator/requests`), oldest first. */

export interface RequestRecord {
  method: string;
  /** Slash-collapsed path without the query string. */
  path: string;
  apiVersion?: string;
  /** 0 when an injected `reset` fault dropped the connection. */
  status: number;
  time: string;
}

/** Keeps memory bounded on long-running emulators. */
const MAX_RECORDS = 50_000;

export class RequestLog {
  private records: RequestRecord[] = [];

  add(record: RequestRecord): void {
    this.records.push(record);
    if (this.records.length > MAX_RECORDS) this.records.splice(0, this.records.length - MAX_RECORDS);
  }

  list(): RequestRecord[] {
    return [...this.records];
  }

  clear(): void {
    this.records = [];
  }
}
