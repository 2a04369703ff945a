import { Injectable } from '@nestjs/common';

/** Stateful services register how to return to their seeded state; `POST /_sandbox/reset` runs them all. */
@Injectable()
export class ResetRegistry {
  private readonly resets: Array<() => void> = [];

  register(reset: () => void): void {
    this.resets.push(reset);
  }

  resetAll(): void {
    for (const reset of this.resets) reset();
  }
}
